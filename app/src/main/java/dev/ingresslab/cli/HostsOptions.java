package dev.ingresslab.cli;

import dev.ingresslab.hosts.HostsStore;
import picocli.CommandLine.Option;

import java.nio.file.Path;

/** The hosts-file options of {@code up} and {@code demo} (issue #15 §6). */
final class HostsOptions {

    @Option(names = "--sync-hosts", description = "keep the hosts file's Ingress Lab block equal to the served hosts"
            + " without asking (a password prompt may come when the file needs it), and remove the block on exit."
            + " Without it, a terminal is asked; without a terminal, the file is left alone")
    boolean sync;

    @Option(names = "--hosts-file", paramLabel = "PATH", description = "the hosts file to keep in sync (default:"
            + " the system's, /etc/hosts); its folder must exist")
    Path hostsFile;

    Path path() {
        return hostsFile != null ? hostsFile : HostsStore.systemPath();
    }

    /**
     * Refuses (exit 2) a {@code --hosts-file} that is a folder or whose folder is missing, before anything starts:
     * as {@code hosts *} do ({@link FileToWrite#HOSTS_FILE}).
     */
    void check() throws CommandFailure {
        FileToWrite.HOSTS_FILE.check(hostsFile);
    }
}
