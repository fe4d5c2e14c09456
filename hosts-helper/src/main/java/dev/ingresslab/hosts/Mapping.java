package dev.ingresslab.hosts;

/**
 * One name's mapping on a line of the hosts file outside the managed block: someone else's entry.
 *
 * @param line    1-based line number in the file
 * @param address the address the line maps the name to, as written ({@code 10.0.0.5}, {@code ::1})
 * @param text    the whole line as written, without its line break (decoded as UTF-8, for display)
 * @param beforeBlock whether the line comes before the managed block (or there is no block): resolvers read the
 *                    file top down and the first line naming a host wins (glibc's files backend, macOS's
 *                    DirectoryService), so such a line decides where the name goes
 */
public record Mapping(int line, String address, String text, boolean beforeBlock) {
    /**
     * The line for one line of output: {@link #text} stripped, each tab or other control character as a space
     * (a raw tab would misalign a table, a stray control character would reach the terminal).
     */
    public String display() {
        StringBuilder shown = new StringBuilder(text.length());
        text.strip().codePoints().forEach(c -> shown.appendCodePoint(Character.isISOControl(c) ? ' ' : c));
        return shown.toString();
    }

    /** Whether the address is a loopback address (127.0.0.0/8 or ::1), so the name reaches this machine anyway. */
    public boolean isLoopback() {
        return HostsFile.isLoopbackAddress(address);
    }

    /**
     * Whether the address is one Ingress Lab's listeners bind: {@code 127.0.0.1} or {@code ::1} (in any spelling).
     * Other loopback addresses ({@code 127.0.1.1}, Debian's line for the machine's own name) stay on this machine
     * but reach no listener of Ingress Lab.
     */
    public boolean pointsToListeners() {
        return HostsFile.LOOPBACK_V4.equals(address) || (isLoopback() && address.indexOf(':') >= 0);
    }

    /** Whether this line, not the managed block, decides where the name resolves to, and that is not Ingress Lab. */
    public boolean shadowsBlock() {
        return beforeBlock && !pointsToListeners();
    }
}
