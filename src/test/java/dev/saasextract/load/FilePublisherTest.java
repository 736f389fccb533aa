package dev.saasextract.load;

import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import org.junit.jupiter.api.Test;

class FilePublisherTest {

    @Test
    void publishesOnItsOwnThreadWhileTheCallerGoesOnAndInOrder() throws Exception {
        List<String> events = new CopyOnWriteArrayList<>();
        CountDownLatch uploadMayEnd = new CountDownLatch(1);
        try (FilePublisher publisher = new FilePublisher("T", "t-publish")) {
            publisher.publish(() -> {
                events.add("upload 1 on " + Thread.currentThread().getName());
                await(uploadMayEnd);
                events.add("recorded 1");
            }, () -> events.add("discarded 1"));
            events.add("reading chunk 2");
            uploadMayEnd.countDown();
            publisher.publish(() -> events.add("recorded 2"), () -> events.add("discarded 2"));
            publisher.awaitPrevious();
        }
        assertTrue(events.contains("upload 1 on t-publish"), events.toString());
        assertTrue(events.indexOf("reading chunk 2") < events.indexOf("recorded 1"),
                "the caller reads the next chunk while the first file uploads: " + events);
        assertTrue(events.indexOf("recorded 1") < events.indexOf("recorded 2"), events.toString());
        assertFalse(events.contains("discarded 1") || events.contains("discarded 2"), events.toString());
    }

    @Test
    void aFailedPublishDiscardsTheNextFileAndIsThrownAsItWasThrown() {
        IllegalStateException uploadFailed = new IllegalStateException("503 from GCS");
        AtomicBoolean secondDiscarded = new AtomicBoolean();
        AtomicBoolean secondPublished = new AtomicBoolean();
        try (FilePublisher publisher = new FilePublisher("T", "t-publish")) {
            publisher.publish(() -> {
                throw uploadFailed;
            }, () -> { });
            IllegalStateException thrown = assertThrows(IllegalStateException.class,
                    () -> publisher.publish(() -> secondPublished.set(true), () -> secondDiscarded.set(true)));
            assertSame(uploadFailed, thrown);
        }
        assertTrue(secondDiscarded.get(), "the file after a failed one is discarded, never recorded after a gap");
        assertFalse(secondPublished.get());
    }

    @Test
    void closingLetsAFileThatIsPublishingFinish() {
        AtomicBoolean recorded = new AtomicBoolean();
        try (FilePublisher publisher = new FilePublisher("T", "t-publish")) {
            publisher.publish(() -> {
                sleep(200);
                recorded.set(true);
            }, () -> { });
        }
        assertTrue(recorded.get(), "an uploaded file is still recorded when the export stops for another reason");
    }

    /**
     * A range stopped because another failed closes its publisher with its interrupt status set; returning before the
     * file is recorded would let a rerun in the same JVM export that chunk again while it is still being recorded.
     */
    @Test
    void closingWhenInterruptedStillWaitsForTheFileAndKeepsTheInterrupt() {
        AtomicBoolean recorded = new AtomicBoolean();
        CountDownLatch mayEnd = new CountDownLatch(1);
        FilePublisher publisher = new FilePublisher("T", "t-publish");
        publisher.publish(() -> {
            await(mayEnd);
            recorded.set(true);
        }, () -> { });
        Thread release = new Thread(() -> {
            sleep(200);
            mayEnd.countDown();
        });
        release.start();
        Thread.currentThread().interrupt();
        publisher.close();
        boolean stillInterrupted = Thread.interrupted();
        assertTrue(recorded.get(), "close() returned while the file was still publishing");
        assertTrue(stillInterrupted, "close() swallowed the caller's interrupt");
    }

    private static void await(CountDownLatch latch) {
        try {
            assertTrue(latch.await(10, TimeUnit.SECONDS));
        } catch (InterruptedException e) {
            throw new IllegalStateException(e);
        }
    }

    private static void sleep(long millis) {
        try {
            Thread.sleep(millis);
        } catch (InterruptedException e) {
            throw new IllegalStateException(e);
        }
    }
}
