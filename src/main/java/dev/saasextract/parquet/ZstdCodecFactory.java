package dev.saasextract.parquet;

import com.github.luben.zstd.Zstd;
import com.github.luben.zstd.ZstdCompressCtx;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import org.apache.parquet.bytes.BytesInput;
import org.apache.parquet.compression.CompressionCodecFactory;
import org.apache.parquet.hadoop.metadata.CompressionCodecName;

/**
 * ZSTD through zstd-jni. Parquet's own CodecFactory builds a Hadoop Configuration and codec for ZSTD, which would
 * pull Hadoop onto the runtime classpath. Write-only: this tool never reads Parquet back. One factory serves one
 * writer, which compresses one page at a time, so one context and its buffers are reused for every page.
 */
final class ZstdCodecFactory implements CompressionCodecFactory {
    private final ZstdCompressor compressor;

    ZstdCodecFactory(int level) {
        this.compressor = new ZstdCompressor(level);
    }

    @Override
    public BytesInputCompressor getCompressor(CompressionCodecName codecName) {
        if (codecName != CompressionCodecName.ZSTD) {
            throw new IllegalArgumentException("only ZSTD is configured, not " + codecName);
        }
        return compressor;
    }

    @Override
    public BytesInputDecompressor getDecompressor(CompressionCodecName codecName) {
        throw new UnsupportedOperationException("the chunk writer never decompresses");
    }

    @Override
    public void release() {
        compressor.release();
    }

    private static final class ZstdCompressor implements BytesInputCompressor {
        private final ZstdCompressCtx context;
        private final PageBuffer page = new PageBuffer();
        private byte[] compressed = new byte[0];
        private boolean released;

        ZstdCompressor(int level) {
            this.context = new ZstdCompressCtx().setLevel(level);
        }

        @Override
        public BytesInput compress(BytesInput bytes) throws IOException {
            page.reset();
            bytes.writeAllTo(page);
            int bound = Math.toIntExact(Zstd.compressBound(page.size()));
            if (compressed.length < bound) {
                compressed = new byte[bound];
            }
            int length = context.compressByteArray(compressed, 0, compressed.length, page.bytes(), 0, page.size());
            // Handed out in place: Parquet copies a compressed page into its row group's buffers (a dictionary page
            // into a copy of its own) before it compresses the next, so the buffer is free again by then.
            return BytesInput.from(compressed, 0, length);
        }

        @Override
        public CompressionCodecName getCodecName() {
            return CompressionCodecName.ZSTD;
        }

        @Override
        public void release() {
            if (!released) {
                released = true;
                context.close();
            }
        }
    }

    /** A ByteArrayOutputStream whose buffer is read in place instead of copied by toByteArray(). */
    private static final class PageBuffer extends ByteArrayOutputStream {
        byte[] bytes() {
            return buf;
        }
    }
}
