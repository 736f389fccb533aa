package dev.saasextract.parquet;

import java.lang.invoke.MethodHandles;
import java.lang.invoke.VarHandle;
import java.nio.ByteOrder;

/** Reads Postgres' network-order integers out of a byte array without a ByteBuffer per value. */
final class BigEndian {
    private static final VarHandle SHORT = MethodHandles.byteArrayViewVarHandle(short[].class, ByteOrder.BIG_ENDIAN);
    private static final VarHandle INT = MethodHandles.byteArrayViewVarHandle(int[].class, ByteOrder.BIG_ENDIAN);
    private static final VarHandle LONG = MethodHandles.byteArrayViewVarHandle(long[].class, ByteOrder.BIG_ENDIAN);

    private BigEndian() {
    }

    static short int16(byte[] data, int offset) {
        return (short) SHORT.get(data, offset);
    }

    static int int32(byte[] data, int offset) {
        return (int) INT.get(data, offset);
    }

    static long int64(byte[] data, int offset) {
        return (long) LONG.get(data, offset);
    }
}
