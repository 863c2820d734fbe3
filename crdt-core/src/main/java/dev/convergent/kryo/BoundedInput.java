package dev.convergent.kryo;

import com.esotericsoftware.kryo.KryoException;
import com.esotericsoftware.kryo.io.Input;
import java.io.InputStream;

/**
 * A Kryo {@link Input} over a byte array that refuses, before allocating, any string or primitive
 * array whose declared length exceeds the bytes that remain. Kryo's own {@code readString} and
 * {@code readBytes}/{@code readInts}/... allocate whatever length the wire declares, so with a plain
 * {@code Input} a five-byte string header can demand a multi-gigabyte {@code char[]}; element
 * serializers that read through this input cannot.
 */
final class BoundedInput extends Input {

    BoundedInput(byte[] bytes) {
        super(bytes);
    }

    BoundedInput(byte[] bytes, int offset, int length) {
        super(bytes, offset, length);
    }

    /** Always throws: the bound is the byte array. */
    @Override
    public void setInputStream(InputStream inputStream) {
        throw new UnsupportedOperationException("a bounded input reads a byte array, not a stream");
    }

    @Override
    public String readString() {
        checkDeclaredChars();
        return super.readString();
    }

    @Override
    public StringBuilder readStringBuilder() {
        checkDeclaredChars();
        return super.readStringBuilder();
    }

    /** Peeks at Kryo's string header: ASCII strings are bounded by their bytes, UTF-8 ones declare a length. */
    private void checkDeclaredChars() {
        int start = position;
        if (!readVarIntFlag()) {
            return;
        }
        int declared = readVarIntFlag(true);
        int remaining = limit - position;
        position = start;
        if (declared < 0 || declared - 1 > remaining) {
            throw new KryoException("string declares " + (Integer.toUnsignedLong(declared) - 1)
                    + " characters but only " + remaining + " bytes remain");
        }
    }

    @Override
    public byte[] readBytes(int length) {
        check(length, 1);
        return super.readBytes(length);
    }

    @Override
    public int[] readInts(int length) {
        check(length, Integer.BYTES);
        return super.readInts(length);
    }

    @Override
    public int[] readInts(int length, boolean optimizePositive) {
        check(length, 1);
        return super.readInts(length, optimizePositive);
    }

    @Override
    public long[] readLongs(int length) {
        check(length, Long.BYTES);
        return super.readLongs(length);
    }

    @Override
    public long[] readLongs(int length, boolean optimizePositive) {
        check(length, 1);
        return super.readLongs(length, optimizePositive);
    }

    @Override
    public float[] readFloats(int length) {
        check(length, Float.BYTES);
        return super.readFloats(length);
    }

    @Override
    public double[] readDoubles(int length) {
        check(length, Double.BYTES);
        return super.readDoubles(length);
    }

    @Override
    public short[] readShorts(int length) {
        check(length, Short.BYTES);
        return super.readShorts(length);
    }

    @Override
    public char[] readChars(int length) {
        check(length, Character.BYTES);
        return super.readChars(length);
    }

    @Override
    public boolean[] readBooleans(int length) {
        check(length, 1);
        return super.readBooleans(length);
    }

    private void check(int length, int bytesEach) {
        if (length < 0 || (long) length * bytesEach > limit - position) {
            throw new KryoException("array of " + length + " elements declared but only " + (limit - position)
                    + " bytes remain");
        }
    }
}
