package dev.saasextract.bench;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.stream.Stream;
import javax.sql.DataSource;

/**
 * The CPU time the local Postgres server has spent so far, read from {@code /proc}: the postmaster's own, that of the
 * backends it has already reaped, and that of its live children. The difference over a run is what the server spent
 * on it, which tells a slow spell of the shared machine (the server itself slower) from a slow extractor. Only for a
 * server on this machine, as the bench's embedded one is.
 */
final class ServerCpu {
    /** USER_HZ: Linux reports process times in these ticks whatever the kernel's own tick rate. */
    private static final double TICKS_PER_SECOND = 100.0;
    private static final Path PROC = Path.of("/proc");

    private final long postmaster;

    private ServerCpu(long postmaster) {
        this.postmaster = postmaster;
    }

    /** The server {@code source} connects to: a backend's parent process is the postmaster. */
    static ServerCpu of(DataSource source) throws SQLException, IOException {
        try (Connection c = source.getConnection();
                Statement s = c.createStatement();
                ResultSet rs = s.executeQuery("SELECT pg_backend_pid()")) {
            rs.next();
            return new ServerCpu(Stat.read(statFile(rs.getLong(1))).parent());
        }
    }

    /**
     * CPU seconds, user and system, spent by the server and every backend it has run so far. A backend reaped while
     * the children are listed would be counted nowhere (or twice), so the listing is repeated until the postmaster
     * reaped none during it.
     */
    double seconds() throws IOException {
        while (true) {
            Stat before = postmasterStat();
            long children = liveChildrenTicks();
            Stat after = postmasterStat();
            if (after.reapedChildrenTicks() == before.reapedChildrenTicks()) {
                return (after.ownTicks() + after.reapedChildrenTicks() + children) / TICKS_PER_SECOND;
            }
        }
    }

    private Stat postmasterStat() throws IOException {
        return Stat.read(statFile(postmaster));
    }

    private long liveChildrenTicks() throws IOException {
        long ticks = 0;
        try (Stream<Path> processes = Files.list(PROC)) {
            for (Path process : processes.filter(p -> p.getFileName().toString().matches("\\d+")).toList()) {
                ticks += childTicks(process);
            }
        }
        return ticks;
    }

    /** A process that ended since the listing counts as nothing here: the caller sees the postmaster reap it. */
    private long childTicks(Path process) throws IOException {
        try {
            Stat stat = Stat.read(process.resolve("stat"));
            return stat.parent() == postmaster ? stat.ownTicks() : 0;
        } catch (NoSuchFileException e) {
            return 0;
        }
    }

    private static Path statFile(long pid) {
        return PROC.resolve(Long.toString(pid)).resolve("stat");
    }

    /** The fields of {@code /proc/<pid>/stat} used here (proc(5)). */
    record Stat(long parent, long ownTicks, long reapedChildrenTicks) {
        static Stat read(Path statFile) throws IOException {
            return parse(Files.readString(statFile));
        }

        /** The command name, field 2, is in parentheses and may hold spaces or parentheses itself. */
        static Stat parse(String line) {
            String[] fields = line.substring(line.lastIndexOf(')') + 2).trim().split(" ");
            // fields[0] is field 3 (state): ppid is field 4, utime to cstime fields 14 to 17.
            return new Stat(Long.parseLong(fields[1]), Long.parseLong(fields[11]) + Long.parseLong(fields[12]),
                    Long.parseLong(fields[13]) + Long.parseLong(fields[14]));
        }
    }
}
