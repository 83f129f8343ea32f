package support;

import java.io.IOException;
import java.net.ServerSocket;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.concurrent.ThreadLocalRandom;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * Ports for the servers a test starts. A port the kernel hands out for {@code new ServerSocket(0)} lies in its
 * ephemeral range, where any outgoing connection of the suite may take it between the moment a test picks it and
 * the moment the server binds it ("Failed to bind"). These come from below that range, one after another, so no
 * outgoing connection takes them and no two servers of a run are handed the same one.
 */
public final class FreePorts {

    private static final int FIRST = 10_000;
    private static final int LAST = belowEphemeralRange();
    private static final AtomicInteger NEXT = new AtomicInteger(FIRST + ThreadLocalRandom.current().nextInt((LAST - FIRST) / 2));

    private FreePorts() {
    }

    /** A port nothing listens on now and that no other caller of this run is given. */
    public static int next() {
        for (int tried = 0; tried <= LAST - FIRST; tried++) {
            int port = NEXT.getAndUpdate(p -> p >= LAST ? FIRST : p + 1);
            if (isFree(port)) {
                return port;
            }
        }
        throw new IllegalStateException("no free port between " + FIRST + " and " + LAST);
    }

    private static boolean isFree(int port) {
        try (ServerSocket socket = new ServerSocket(port)) {
            return true;
        } catch (IOException taken) {
            return false;
        }
    }

    /** The last port before Linux's ephemeral range (32768 unless the machine says otherwise). */
    private static int belowEphemeralRange() {
        try {
            String range = Files.readString(Path.of("/proc/sys/net/ipv4/ip_local_port_range")).trim();
            int firstEphemeral = Integer.parseInt(range.split("\\s+")[0]);
            return Math.max(FIRST + 1_000, firstEphemeral - 1);
        } catch (IOException | RuntimeException notLinux) {
            return 32_767;
        }
    }
}
