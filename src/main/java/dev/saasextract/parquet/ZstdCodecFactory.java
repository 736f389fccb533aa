package dev.saasextract.parquet;

import com.github.luben.zstd.ZstdCompressCtx;
import java.io.IOException;
import org.apache.parquet.bytes.BytesInput;
import org.apache.parquet.compression.CompressionCodecFactory;
import org.apache.parquet.hadoop.metadata.CompressionCodecName;

/**
 * ZSTD through zstd-jni. Parquet's own CodecFactory builds a Hadoop Configuration and codec for ZSTD, which would
 * pull Hadoop onto the runtime classpath. Write-only: this tool never reads Parquet back. One factory serves one
 * writer, which compresses one page at a time, so a single reusable context is enough.
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
        private boolean released;

        ZstdCompressor(int level) {
            this.context = new ZstdCompressCtx().setLevel(level);
        }

        @Override
        public BytesInput compress(BytesInput bytes) throws IOException {
            // A fresh array per page: Parquet keeps the compressed page until its row group is flushed.
            return BytesInput.from(context.compress(bytes.toByteArray()));
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
}
