package dev.ingresslab.core;

import org.junit.jupiter.api.Test;

import java.lang.management.GarbageCollectorMXBean;
import java.lang.management.ManagementFactory;
import java.util.ArrayList;
import java.util.List;

import static org.assertj.core.api.Assertions.assertThat;

class StartedHeapTest {

    @Test
    void theFirstSettleLeavesNothingInTheSurvivorSpacesAndTheNextDoesNothing() {
        List<byte[]> kept = new ArrayList<>();
        for (int i = 0; i < 2_000; i++) {
            kept.add(new byte[1_024]); // long-lived data, as a start makes
        }
        StartedHeap heap = new StartedHeap();
        long collectionsBefore = collections();

        assertThat(heap.settle()).isTrue();

        assertThat(collections()).as("collections run by the first settle").isGreaterThan(collectionsBefore);
        assertThat(survivorBytes()).as("bytes left in the survivor spaces").isZero();
        long collectionsAfterFirst = collections();
        assertThat(heap.settle()).isFalse();
        assertThat(collections()).as("collections run by the second settle").isEqualTo(collectionsAfterFirst);
        assertThat(kept).hasSize(2_000);
    }

    private static long collections() {
        return ManagementFactory.getGarbageCollectorMXBeans().stream()
                .mapToLong(GarbageCollectorMXBean::getCollectionCount).filter(count -> count > 0).sum();
    }

    private static long survivorBytes() {
        return ManagementFactory.getMemoryPoolMXBeans().stream()
                .filter(pool -> pool.getName().contains("Survivor"))
                .mapToLong(pool -> pool.getUsage().getUsed()).sum();
    }
}
