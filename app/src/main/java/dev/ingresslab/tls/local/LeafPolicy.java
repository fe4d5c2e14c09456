package dev.ingresslab.tls.local;

import java.security.cert.X509Certificate;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Locale;
import java.util.regex.Pattern;

/**
 * The lifetime and the names of the leaf certificates the local CA issues, and when they are renewed.
 * <ul>
 *     <li>825 days at most: macOS refuses a TLS server certificate valid longer, whatever CA issued it (Apple,
 *     "Requirements for trusted certificates in iOS 13 and macOS 10.15", HT210176).</li>
 *     <li>Renewed at two thirds of the lifetime, or when 30 days are left, whichever comes first (cert-manager's
 *     default {@code renewBefore} is a third of the lifetime).</li>
 *     <li>Names are DNS names as an Ingress's {@code spec.tls[].hosts} hold them: lower-case labels, a wildcard only
 *     as the whole leftmost label ({@code *.example.com}, RFC 6125 §6.4.3).</li>
 * </ul>
 */
public final class LeafPolicy {

    /** The validity span, notBefore to notAfter. */
    public static final Duration LIFETIME = Duration.ofDays(825);
    /** A leaf with less than this left is renewed. */
    public static final Duration RENEW_WHEN_LEFT = Duration.ofDays(30);
    /** Backdated by this much, for clocks a little behind ours (a VM's, a phone's). */
    static final Duration BACKDATE = Duration.ofHours(1);

    private static final Pattern LABEL = Pattern.compile("[a-z0-9]([a-z0-9-]{0,61}[a-z0-9])?");

    private LeafPolicy() {
    }

    /**
     * The hosts, checked and lower-cased, in order, without duplicates.
     *
     * @throws IllegalArgumentException naming the first host that is not a DNS name a certificate can carry
     */
    public static List<String> checkHosts(List<String> hosts) {
        if (hosts.isEmpty()) {
            throw new IllegalArgumentException("name at least one host (alpaca.example.com, or *.example.com)");
        }
        return hosts.stream().map(LeafPolicy::checkHost).distinct().toList();
    }

    private static String checkHost(String host) {
        String name = host.trim().toLowerCase(Locale.ROOT);
        String[] labels = name.split("\\.", -1);
        boolean ok = name.length() <= 253 && labels.length >= 2;
        for (int i = 0; ok && i < labels.length; i++) {
            ok = (i == 0 && labels[i].equals("*")) || LABEL.matcher(labels[i]).matches();
        }
        // an all-numeric last label is an IP address, not a name (RFC 3696 §2: a TLD is not all-numeric)
        ok = ok && !labels[labels.length - 1].chars().allMatch(Character::isDigit);
        if (!ok) {
            throw new IllegalArgumentException("'" + host + "' is not a host name a certificate can carry: give a DNS "
                    + "name of two labels or more (alpaca.example.com), or a wildcard as the whole first label "
                    + "(*.example.com); IP addresses are not Ingress hosts");
        }
        return name;
    }

    /** The moment {@code certificate} is due for renewal: 2/3 of its lifetime, or 30 days before it ends. */
    public static Instant renewAt(X509Certificate certificate) {
        Instant start = certificate.getNotBefore().toInstant();
        Instant end = certificate.getNotAfter().toInstant();
        Instant twoThirds = start.plus(Duration.between(start, end).multipliedBy(2).dividedBy(3));
        Instant monthLeft = end.minus(RENEW_WHEN_LEFT);
        return twoThirds.isBefore(monthLeft) ? twoThirds : monthLeft;
    }

    /** Whether {@code certificate} is due for renewal at {@code now}. */
    public static boolean renewalDue(X509Certificate certificate, Instant now) {
        return !now.isBefore(renewAt(certificate));
    }
}
