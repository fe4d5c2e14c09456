package dev.ingresslab.core.hosts;

import dev.ingresslab.hosts.HostName;
import dev.ingresslab.hosts.HostsPlan;

import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Objects;

/**
 * A change of the managed block about to be made, as it is put to the user before anything is written (and before
 * any privilege prompt): the file, the names added and removed, and the other lines that map wanted names.
 *
 * @param file the hosts file
 * @param plan the plan, made from the file as just read
 */
public record HostsChange(Path file, HostsPlan plan) {

    public HostsChange {
        Objects.requireNonNull(file);
        Objects.requireNonNull(plan);
    }

    /** Names the block gains. */
    public List<String> added() {
        return plan.added().stream().map(HostName::value).toList();
    }

    /** Names the block loses. */
    public List<String> removed() {
        return plan.removed().stream().map(HostName::value).toList();
    }

    /**
     * The change in words, first line naming the file: {@code /etc/hosts: add alpaca.example.com (127.0.0.1, ::1)},
     * then the plan's own lines (each name added or removed, the lines elsewhere that map a wanted name).
     */
    public List<String> lines() {
        List<String> lines = new ArrayList<>();
        List<String> what = new ArrayList<>();
        if (!added().isEmpty()) {
            what.add("add " + String.join(", ", added()) + " (each to 127.0.0.1 and ::1)");
        }
        if (!removed().isEmpty()) {
            what.add("remove " + String.join(", ", removed()));
        }
        boolean removesBlock = plan.wanted().names().isEmpty() && plan.current().hasBlock();
        lines.add(file + ": " + (what.isEmpty() ? "no change" : String.join("; ", what))
                + (removesBlock ? "; the Ingress Lab block goes" : "") + (plan.current().exists()
                ? ". Nothing outside the Ingress Lab block changes; the previous file is kept as "
                + file.getFileName() + ".ingress-lab.bak."
                // no file, so no previous version to back up: say that it is created, and claim no backup
                : ". The file does not exist: it is created, holding only the Ingress Lab block."));
        plan.conflicts().forEach(conflict -> lines.add("note: " + conflict.message()));
        return lines;
    }
}
