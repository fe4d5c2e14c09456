package dev.ingresslab.hosts.support;

import dev.ingresslab.hosts.HostName;
import dev.ingresslab.hosts.HostsStore;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;

/**
 * A test writer in a process of its own: {@code WriterLoop <hosts> <writes> <names,…> <names,…>} applies syncs to
 * the two name sets in turn through {@link HostsStore}, printing {@code ready} once and then one line per write,
 * until it has written {@code writes} times or is killed.
 */
public final class WriterLoop {
    private WriterLoop() {
    }

    public static void main(String[] args) throws Exception {
        HostsStore store = new HostsStore(Path.of(args[0]));
        int writes = Integer.parseInt(args[1]);
        List<List<HostName>> sets = new ArrayList<>();
        for (int i = 2; i < args.length; i++) {
            List<HostName> names = new ArrayList<>();
            for (String name : args[i].split(",")) {
                if (!name.isEmpty()) {
                    names.add(HostName.parse(name));
                }
            }
            sets.add(names);
        }
        System.out.println("ready");
        System.out.flush();
        for (int i = 0; i < writes; i++) {
            HostsStore.Applied applied = store.apply(store.planSync(sets.get(i % sets.size())));
            System.out.println(applied.written() ? "wrote " + i : "unchanged " + i);
            System.out.flush();
        }
    }
}
