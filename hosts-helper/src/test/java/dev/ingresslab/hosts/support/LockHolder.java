package dev.ingresslab.hosts.support;

import java.nio.channels.FileChannel;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;

/**
 * Holds the writers' lock of a hosts file as another Ingress Lab process would: {@code LockHolder <lock file>}
 * locks it, prints {@code locked}, and releases it when its stdin closes.
 */
public final class LockHolder {
    private LockHolder() {
    }

    public static void main(String[] args) throws Exception {
        try (FileChannel channel = FileChannel.open(Path.of(args[0]), StandardOpenOption.CREATE,
                StandardOpenOption.WRITE); var lock = channel.lock()) {
            System.out.println("locked");
            System.out.flush();
            System.in.readAllBytes();
        }
    }
}
