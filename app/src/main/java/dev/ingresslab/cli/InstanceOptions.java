package dev.ingresslab.cli;

import dev.ingresslab.control.ControlDirectory;
import dev.ingresslab.control.ControlFile;
import picocli.CommandLine.Option;

import java.io.PrintWriter;
import java.nio.file.Path;
import java.util.List;
import java.util.Optional;
import java.util.stream.Collectors;

/**
 * {@code --instance}: which running Ingress Lab ({@code demo}, {@code up}, {@code serve}) a command reads, by its
 * pid or its HTTP port; needed only when several run. The instances are found through their control files ({@link
 * ControlDirectory}); a file left by one that was killed is ignored, with a note on standard error.
 */
final class InstanceOptions {

    @Option(names = "--instance", paramLabel = "PID|PORT", description = "the running Ingress Lab to read, by its"
            + " pid or HTTP port (`ingress-lab instances` lists them); needed when several run")
    String instance;

    /**
     * The instance to read: the one named, or the only one running.
     *
     * @param dataDirectory where the control files are
     * @param err           where notes about stale files go
     * @return empty when none runs and none was named
     * @throws CommandFailure when the one named does not run, or several run and none was named (exit code 2)
     */
    Optional<ControlFile> choose(Path dataDirectory, PrintWriter err) throws CommandFailure {
        ControlDirectory.Scan scan = new ControlDirectory(dataDirectory).scan();
        scan.stale().forEach(stale -> err.println("note: " + stale.message()));
        List<ControlFile> live = scan.live();
        if (instance != null) {
            List<ControlFile> named = live.stream().filter(file -> instance.equals(String.valueOf(file.pid()))
                    || instance.equals(String.valueOf(file.httpPort()))).toList();
            if (named.size() == 1) {
                return Optional.of(named.get(0));
            }
            throw CommandFailure.badInput((named.isEmpty() ? "no running Ingress Lab has pid or HTTP port "
                    + instance : "pid or port " + instance + " names several instances") + "; "
                    + (live.isEmpty() ? "none runs (start one with `ingress-lab demo`, `serve` or `up`)"
                    : "running: " + list(live)));
        }
        if (live.size() > 1) {
            throw CommandFailure.badInput(live.size() + " Ingress Labs run: choose one with --instance PID or"
                    + " --instance PORT: " + list(live));
        }
        return live.stream().findFirst();
    }

    private static String list(List<ControlFile> live) {
        return live.stream().map(ControlFile::display).collect(Collectors.joining(", "));
    }
}
