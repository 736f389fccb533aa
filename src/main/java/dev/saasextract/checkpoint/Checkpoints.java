package dev.saasextract.checkpoint;

/**
 * Hears each {@link Checkpoint} a load passes. Production runs pass {@link #NONE}; the fault-injection tests pass one
 * that throws at a chosen hit, which aborts the load exactly as a crash at that boundary would. Called from several
 * threads during a parallel export.
 */
@FunctionalInterface
public interface Checkpoints {
    Checkpoints NONE = point -> {
    };

    void reached(Checkpoint point);
}
