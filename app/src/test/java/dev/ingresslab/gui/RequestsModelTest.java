package dev.ingresslab.gui;

import dev.ingresslab.core.LabSession;
import dev.ingresslab.core.requests.RecordBatcher;
import dev.ingresslab.proxy.RequestRecord;
import javafx.beans.property.SimpleObjectProperty;
import org.junit.jupiter.api.Test;

import java.time.Instant;
import java.util.ArrayList;
import java.util.List;

import static org.assertj.core.api.Assertions.assertThat;

/** The table's rows: newest first, bounded at 10,000, counted; the filter keeps its last good text's rows. */
class RequestsModelTest {

    private static RequestRecord record(long n, int status) {
        return new RequestRecord(n, "id-" + n, Instant.EPOCH, "127.0.0.1", "GET", "http", "a.example.com", "/" + n,
                "routed", "default/a rule 0 path 0 (Prefix /) -> a:80", "default/a:80", "127.0.0.1:1", "direct",
                "/" + n, status, 1, 1, 0, 1, "");
    }

    private static RecordBatcher.Batch batch(long from, int size, long skipped) {
        List<RequestRecord> records = new ArrayList<>();
        for (long n = from; n < from + size; n++) {
            records.add(record(n, n % 10 == 0 ? 503 : 200));
        }
        return new RecordBatcher.Batch(records, skipped);
    }

    @Test
    void keepsTheNewest10000FirstAndCountsEveryRequest() {
        RequestsModel model = new RequestsModel(new SimpleObjectProperty<LabSession>(null));
        for (int i = 0; i < 3; i++) {
            model.apply(batch(i * 8_000L, 8_000, 0));
        }
        model.apply(batch(24_000, 1_000, 500)); // 500 dropped upstream: counted, never shown

        assertThat(model.rows()).hasSize(RequestsModel.CAPACITY);
        assertThat(model.rows().get(0).sequence()).isEqualTo(24_999);
        assertThat(model.rows().get(RequestsModel.CAPACITY - 1).sequence()).isEqualTo(15_000);
        assertThat(model.receivedProperty().get()).isEqualTo(25_500);
    }

    @Test
    void aBadFilterKeepsTheLastGoodOneInForceAndSaysWhy() {
        RequestsModel model = new RequestsModel(new SimpleObjectProperty<LabSession>(null));
        model.apply(batch(0, 100, 0));

        model.filterTextProperty().set("status:5xx");
        assertThat(model.shown()).hasSize(10).allMatch(r -> r.status() == 503);

        model.filterTextProperty().set("status:5x");
        assertThat(model.filterErrorProperty().get()).startsWith("\"status:5x\" is not a status");
        assertThat(model.shown()).hasSize(10);

        model.filterTextProperty().set("");
        assertThat(model.filterErrorProperty().get()).isEmpty();
        assertThat(model.shown()).hasSize(100);
    }
}
