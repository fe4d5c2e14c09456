package dev.ingresslab.gui;

import dev.ingresslab.core.tls.HostCertificate;
import dev.ingresslab.core.tls.TlsIngress;
import dev.ingresslab.tls.local.LocalCa;
import dev.ingresslab.tls.trust.TrustStep;
import dev.ingresslab.translate.Diagnostic;
import javafx.beans.binding.Bindings;
import javafx.beans.value.ObservableValue;
import javafx.collections.ListChangeListener;
import javafx.geometry.Pos;
import javafx.scene.Node;
import javafx.scene.control.Button;
import javafx.scene.control.Label;
import javafx.scene.control.TableCell;
import javafx.scene.control.TableColumn;
import javafx.scene.control.TableView;
import javafx.scene.control.TextArea;
import javafx.scene.control.Tooltip;
import javafx.scene.layout.HBox;
import javafx.scene.layout.VBox;
import javafx.scene.text.Font;

import java.util.List;

import static dev.ingresslab.gui.ViewParts.heading;
import static dev.ingresslab.gui.ViewParts.page;
import static dev.ingresslab.gui.ViewParts.textColumn;
import static dev.ingresslab.gui.ViewParts.titleBar;
import static dev.ingresslab.gui.ViewParts.wrapped;

/**
 * TLS (issue #16 §8): the local CA and where it is trusted, with Trust and Untrust; the certificate each secure host
 * gets (Secret, issuer, names, expiry, the Ingress or Gateway listener it comes from; a listener without hostname as
 * "any name"); Issue for each Ingress with a {@code tls} section; and the translation's TLS diagnostics with their
 * fixes.
 */
final class TlsView extends BuiltOnceView {

    private final TlsModel model;
    private final GuiContext context;

    TlsView(TlsModel model, GuiContext context) {
        this.model = model;
        this.context = context;
    }

    /** The view's model (tests give it their trust stores). */
    TlsModel model() {
        return model;
    }

    @Override
    public void shown() {
        model.refresh();
    }

    @Override
    protected Node build() {
        return page("tls-view", titleBar("TLS", model.busyProperty()), caSection(), actionLines(),
                certificates(), heading("Issue"), ingresses(), heading("TLS diagnostics"), diagnostics());
    }

    private Node caSection() {
        Label ca = wrapped("tls-ca", "");
        Runnable describe = () -> ca.setText(describe(model.caProperty().get()));
        model.caProperty().addListener((observable, old, now) -> describe.run());
        describe.run();
        Button trust = new Button("Trust");
        trust.setId("tls-trust");
        trust.getStyleClass().add("accent");
        trust.setTooltip(new Tooltip("Add the local CA to this machine's trust stores (system store, keychain,"
                + " Firefox and Chromium): browsers then show a lock for the certificates it issues"));
        trust.setOnAction(event -> model.trust());
        Button untrust = new Button("Untrust");
        untrust.setId("tls-untrust");
        untrust.setTooltip(new Tooltip("Remove the local CA from every trust store it was added to"));
        untrust.setOnAction(event -> model.untrust());
        trust.disableProperty().bind(model.busyProperty());
        untrust.disableProperty().bind(model.busyProperty());
        HBox buttons = new HBox(10, trust, untrust);
        VBox stores = new VBox(2);
        stores.setId("tls-trust-states");
        model.trustStates().addListener((ListChangeListener<TrustStep>) change -> {
            stores.getChildren().setAll(model.trustStates().stream().map(step -> (Node) wrapped(null, "• " + step.line()))
                    .toList());
        });
        return new VBox(6, heading("Local CA"), ca, stores, buttons);
    }

    /** The last action's sentence, its lines (selectable: the sudo commands are to be copied), and its problem. */
    private Node actionLines() {
        Label message = wrapped("tls-message", "");
        message.textProperty().bind(model.messageProperty());
        message.getStyleClass().add("success");
        TextArea steps = new TextArea();
        steps.setId("tls-steps");
        steps.setEditable(false);
        steps.setWrapText(true);
        steps.setPrefRowCount(4);
        steps.textProperty().bind(Bindings.createStringBinding(() -> String.join("\n", model.steps()),
                model.steps()));
        steps.managedProperty().bind(Bindings.isNotEmpty(model.steps()));
        steps.visibleProperty().bind(Bindings.isNotEmpty(model.steps()));
        Label problem = wrapped("tls-problem", "");
        problem.textProperty().bind(model.problemProperty());
        problem.getStyleClass().add("danger");
        return new VBox(6, message, steps, problem);
    }

    /** The heading and the table of the certificate each secure host gets. */
    private Node certificates() {
        TableView<HostCertificate> table = new TableView<>(model.certificates());
        VBox section = new VBox(8, heading("Certificates per host"), table);
        ObservableValue<Font> font = ViewParts.themeFont(section);
        table.setId("tls-table");
        TableColumn<HostCertificate, String> host = textColumn("Host", 150, HostCertificate::hostDisplay);
        TableColumn<HostCertificate, String> expires = textColumn("Expires", 100, TlsView::expiryDate);
        TableColumn<HostCertificate, String> secret = textColumn("Secret", 140,
                row -> row.secret().isEmpty() ? "none served" : row.secret());
        TableColumn<HostCertificate, String> issuer = textColumn("Issuer", 130,
                row -> row.ourCa() ? "local CA (ours)" : row.issuer());
        TableColumn<HostCertificate, String> names = textColumn("Names (SAN)", 150,
                row -> String.join(", ", row.names()));
        TableColumn<HostCertificate, String> from = textColumn("From", 140, HostCertificate::from);
        TableColumn<HostCertificate, String> problem = textColumn("Problem", 100, HostCertificate::problem);
        // the host and its certificate's end are what a row is read for: the expiry date always whole; the host,
        // then where it comes from, its Secret, names and issuer whole while the table has room for them, in that
        // order; the problem (its whole text under TLS diagnostics) takes what is left, down to its header. Each
        // cell's whole text is in its tooltip (the expiry's with its days left)
        expires.setCellFactory(column -> new TableCell<>() {
            @Override
            protected void updateItem(String date, boolean empty) {
                super.updateItem(date, empty);
                HostCertificate row = empty || getTableRow() == null ? null : getTableRow().getItem();
                setText(empty ? null : date);
                setTooltip(row == null || row.expiry().isEmpty() ? null : new Tooltip(row.expiry()));
            }
        });
        table.getColumns().setAll(List.of(host, secret, issuer, names, expires, from, problem));
        table.setColumnResizePolicy(TableView.CONSTRAINED_RESIZE_POLICY_FLEX_LAST_COLUMN);
        ViewParts.keepHeadersWhole(font, List.of(problem));
        ViewParts.keepWhole(table, font, List.of(expires));
        ViewParts.keepWholeWhileRoom(table, font, host, from, secret, names, issuer);
        table.prefHeightProperty().bind(Bindings.size(model.certificates()).multiply(30).add(40)
                .map(height -> Math.max(170, height.doubleValue())));
        Button samples = new Button("Open Samples");
        samples.setOnAction(event -> context.show("samples"));
        table.setPlaceholder(EmptyState.of("No Ingress has a tls section", "Apply the chapter's TLS sample: Samples,"
                + " step tls.", samples));
        return section;
    }

    private Node ingresses() {
        VBox list = new VBox(6);
        list.setId("tls-ingresses");
        Runnable show = () -> {
            list.getChildren().clear();
            if (model.ingresses().isEmpty()) {
                list.getChildren().add(wrapped(null, "Issue appears here for each Ingress with a tls section."));
            }
            for (TlsIngress ingress : model.ingresses()) {
                Button issue = new Button("Issue");
                issue.setId("tls-issue-" + ingress.namespace() + "-" + ingress.name());
                issue.setTooltip(new Tooltip("Have the local CA issue the Secrets " + ingress.kindAndName() + "'s tls"
                        + " section names, on the session's cluster; a Secret Ingress Lab did not make is never"
                        + " overwritten"));
                issue.disableProperty().bind(model.busyProperty());
                issue.setOnAction(event -> model.issue(ingress));
                Label what = wrapped(null, ingress.kindAndName() + ": " + String.join(", ", ingress.hosts())
                        + (ingress.wantsIssue() ? " — needs a certificate" : " — has its certificates")
                        + (model.clusterName().isEmpty() ? "" : " (cluster " + model.clusterName() + ")"));
                HBox line = new HBox(10, issue, what);
                line.setAlignment(Pos.CENTER_LEFT);
                list.getChildren().add(line);
            }
        };
        model.ingresses().addListener((ListChangeListener<TlsIngress>) change -> show.run());
        show.run();
        return list;
    }

    private Node diagnostics() {
        VBox list = new VBox(6);
        list.setId("tls-diagnostics");
        Runnable show = () -> {
            list.getChildren().clear();
            if (model.diagnostics().isEmpty()) {
                Label none = wrapped(null, "No TLS problem in the table in force.");
                none.getStyleClass().add("text-muted");
                list.getChildren().add(none);
            }
            for (Diagnostic diagnostic : model.diagnostics()) {
                Label reason = new Label(diagnostic.reason() + "  " + diagnostic.kindAndName() + " "
                        + diagnostic.field());
                reason.getStyleClass().add(diagnostic.severity() == Diagnostic.Severity.WARNING ? "warning"
                        : "text-muted");
                list.getChildren().add(new VBox(2, reason, wrapped(null, diagnostic.message())));
            }
        };
        model.diagnostics().addListener((ListChangeListener<Diagnostic>) change -> show.run());
        show.run();
        return list;
    }

    /**
     * The Expires column: the leaf's {@code notAfter} day ({@code 2028-03-04}, UTC), {@code expired 2026-11-27} once
     * past; empty without a certificate. The days left are in the cell's tooltip ({@link HostCertificate#expiry}).
     */
    static String expiryDate(HostCertificate row) {
        if (row.notAfter().isEmpty()) {
            return "";
        }
        String date = row.notAfter().get().toString().substring(0, 10);
        return row.daysLeft() < 0 ? "expired " + date : date;
    }

    private static String describe(LocalCa ca) {
        if (ca == null) {
            return "No local CA yet: Trust or Issue makes one (ECDSA P-256, 10 years) in the data directory; it never"
                    + " leaves this machine.";
        }
        return ca.certificateFile() + "\n" + ca.certificate().getSubjectX500Principal().getName() + "\nSHA-256 "
                + ca.fingerprint() + "\nvalid until " + ca.certificate().getNotAfter().toInstant();
    }
}
