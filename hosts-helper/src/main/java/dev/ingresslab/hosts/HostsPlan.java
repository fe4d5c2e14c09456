package dev.ingresslab.hosts;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.Collection;
import java.util.List;
import java.util.SortedSet;
import java.util.TreeSet;

/**
 * What a change of the managed block will do, computed before anything is written: the names added and removed,
 * the other lines that map wanted names ({@link #conflicts()}, reported, never touched), and the new content.
 *
 * <p>A plan is computed from the content as read. {@link HostsStore#apply} re-reads the file under its lock and,
 * when it changed meanwhile, computes the plan again for the same intent ({@link #replan}).
 *
 * <p>Immutable.
 */
public final class HostsPlan {
    /** What the plan is for. */
    public enum Kind {
        /** Make the block map exactly the wanted names (no names: remove it). */
        SYNC,
        /** Remove the block. */
        CLEAN;

        /** The helper's argument for it: {@code sync} or {@code clean}. */
        public String argument() {
            return name().toLowerCase(java.util.Locale.ROOT);
        }
    }

    private final Kind kind;
    private final HostsFile current;
    private final ManagedBlock wanted;
    private final List<HostName> added;
    private final List<HostName> removed;
    private final List<Conflict> conflicts;
    private final byte[] newContent;

    private HostsPlan(HostsPlan plan, byte[] newContent) {
        this.kind = plan.kind;
        this.current = plan.current;
        this.wanted = plan.wanted;
        this.added = plan.added;
        this.removed = plan.removed;
        this.conflicts = plan.conflicts;
        this.newContent = newContent;
    }

    private HostsPlan(Kind kind, HostsFile current, ManagedBlock wanted) {
        this.kind = kind;
        this.current = current;
        this.wanted = wanted;
        SortedSet<HostName> before = current.managedNames();
        List<HostName> add = new ArrayList<>();
        List<HostName> remove = new ArrayList<>();
        List<Conflict> others = new ArrayList<>();
        for (HostName name : wanted.names()) {
            if (!before.contains(name)) {
                add.add(name);
            }
            for (Mapping m : current.mappingsOutside(name)) {
                others.add(new Conflict(name, m));
            }
        }
        for (HostName name : before) {
            if (!wanted.names().contains(name)) {
                remove.add(name);
            }
        }
        this.added = List.copyOf(add);
        this.removed = List.copyOf(remove);
        this.conflicts = List.copyOf(others);
        this.newContent = current.withBlock(wanted.names());
    }

    /**
     * The plan that makes the block map exactly {@code names} (none: the block goes).
     *
     * @param current the file as read ({@link HostsFile#absent()} when there is none)
     * @param names   the wanted names, any order
     */
    public static HostsPlan sync(HostsFile current, Collection<HostName> names) {
        return new HostsPlan(Kind.SYNC, current, ManagedBlock.of(names));
    }

    /** The plan that removes the block. */
    public static HostsPlan clean(HostsFile current) {
        return new HostsPlan(Kind.CLEAN, current, ManagedBlock.of(List.of()));
    }

    /** The same intent (kind and wanted names) on newer content. */
    public HostsPlan replan(HostsFile newer) {
        return new HostsPlan(kind, newer, wanted);
    }

    /**
     * This plan with other content: only for the test that {@link HostsStore#apply} refuses content that changes
     * bytes outside the block (no code path of this module computes such content).
     */
    HostsPlan withForgedContent(byte[] content) {
        return new HostsPlan(this, content);
    }

    /** Sync or clean. */
    public Kind kind() {
        return kind;
    }

    /** The file the plan was computed from. */
    public HostsFile current() {
        return current;
    }

    /** The block the plan writes (no names for a clean). */
    public ManagedBlock wanted() {
        return wanted;
    }

    /** The names the block gains, sorted. */
    public List<HostName> added() {
        return added;
    }

    /** The names the block loses, sorted. */
    public List<HostName> removed() {
        return removed;
    }

    /** The lines outside the block that map wanted names, by name then file order. */
    public List<Conflict> conflicts() {
        return conflicts;
    }

    /** The content the file will have. Do not change the array. */
    public byte[] newContent() {
        return newContent;
    }

    /** Whether the plan changes nothing (the file already has exactly this content). */
    public boolean isEmpty() {
        return Arrays.equals(current.bytes(), newContent) && (current.exists() || newContent.length == 0);
    }

    /** The lines for people: what changes, what is replaced, who else maps the names. Empty list: nothing. */
    public List<String> describe() {
        List<String> lines = new ArrayList<>();
        if (isEmpty()) {
            lines.add("the hosts file already " + (wanted.names().isEmpty() ? "has no Ingress Lab block"
                    : "maps these names in its Ingress Lab block") + "; nothing to change");
        }
        for (HostName name : added) {
            lines.add("+ " + name.value() + " (127.0.0.1, ::1)");
        }
        for (HostName name : removed) {
            lines.add("- " + name.value());
        }
        for (HostsFile.Line line : current.foreignLinesInBlock()) {
            lines.add("! line " + line.number() + " inside the block was edited by hand and will be replaced: \""
                    + line.text().strip().replaceAll("\\p{Cntrl}", " ") + "\""); // one line, tabs as spaces
        }
        if (!current.exists() && !isEmpty()) {
            lines.add("the hosts file does not exist; it will be created (mode rw-r--r--)");
        }
        for (Conflict conflict : conflicts) {
            lines.add("? " + conflict.message());
        }
        return lines;
    }
}
