package dev.ingresslab.gui;

import dev.ingresslab.cluster.KubeContext;
import dev.ingresslab.core.ClusterChoice;
import dev.ingresslab.core.SessionOptions;
import dev.ingresslab.core.Source;
import dev.ingresslab.proxy.ProxySettings;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.testfx.api.FxToolkit;
import org.testfx.util.WaitForAsyncUtils;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.TimeUnit;

import static org.assertj.core.api.Assertions.assertThat;

/** The cluster bar's model when a start fails: it says why, and the bar can start again. */
class SessionModelTest {

    @TempDir
    Path data;

    @BeforeAll
    static void toolkit() throws Exception {
        FxToolkit.registerPrimaryStage();
    }

    @Test
    void aContextThatIsNotInTheKubeconfigFailsWithTheSessionsMessage() throws Exception {
        Path kubeconfig = data.resolve("config");
        Files.writeString(kubeconfig, """
                apiVersion: v1
                kind: Config
                clusters:
                - name: c
                  cluster: {server: "https://127.0.0.1:1"}
                contexts:
                - name: only
                  context: {cluster: c, user: u}
                users:
                - name: u
                  user: {token: t}
                current-context: only
                """);
        SessionModel model = WaitForAsyncUtils.asyncFx(() -> new SessionModel(new GuiStart(SessionOptions.defaults()
                .withDataDirectory(data).withProxy(ProxySettings.defaults().withHttpPort(0)),
                new Source.Sandbox(false), Optional.empty(), false))).get(10, TimeUnit.SECONDS);
        ClusterChoice missing = new ClusterChoice("nope", KubeContext.Kind.OTHER, "", false,
                ClusterChoice.Reachability.UNKNOWN, new Source.Cluster(kubeconfig, "nope", List.of()));

        WaitForAsyncUtils.asyncFx(() -> {
            model.selectedProperty().set(missing);
            model.start();
        }).get(10, TimeUnit.SECONDS);
        WaitForAsyncUtils.waitFor(30, TimeUnit.SECONDS, () -> model.phaseProperty().get()
                == SessionModel.Phase.FAILED);

        assertThat(model.failureProperty().get()).contains("nope");
        assertThat(model.sessionProperty().get()).isNull();
        assertThat(ClusterBar.describe(model)).isEqualTo(model.failureProperty().get());
    }
}
