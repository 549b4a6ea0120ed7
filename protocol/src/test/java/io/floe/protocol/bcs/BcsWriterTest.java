package io.floe.protocol.bcs;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotSame;
import static org.junit.jupiter.api.Assertions.assertSame;

import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.util.Arrays;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.constraints.IntRange;
import net.jqwik.api.constraints.LongRange;
import net.jqwik.api.constraints.Size;
import org.junit.jupiter.api.Test;

/** {@link BcsWriter}'s bytes, its ULEB128 lengths, and when it hands out its own array. */
class BcsWriterTest {
    @Property(tries = 200)
    void writesLittleEndianIntegersAndLengthPrefixedBytesWhateverTheInitialSize(
            @ForAll @IntRange(min = 0, max = 70) int initial, @ForAll int u16, @ForAll int u32, @ForAll long u64,
            @ForAll @Size(max = 300) byte[] bytes) {
        byte[] written = new BcsWriter(initial).u8(0xAB).u16(u16).u32(u32).u64(u64).bytes(bytes).bool(true)
                .toByteArray();
        ByteBuffer expected = ByteBuffer.allocate(1 + 2 + 4 + 8 + 2 + bytes.length + 1).order(ByteOrder.LITTLE_ENDIAN);
        expected.put((byte) 0xAB).putShort((short) u16).putInt(u32).putLong(u64);
        if (bytes.length < 128) {
            expected.put((byte) bytes.length);
        } else {
            expected.put((byte) (bytes.length & 0x7F | 0x80)).put((byte) (bytes.length >>> 7));
        }
        expected.put(bytes).put((byte) 1);
        assertArrayEquals(Arrays.copyOf(expected.array(), expected.position()), written);
    }

    @Property(tries = 300)
    void uleb128LengthIsWhatUleb128Writes(@ForAll @LongRange(min = 0, max = Long.MAX_VALUE) long value) {
        assertEquals(new BcsWriter(0).uleb128(value).toByteArray().length, BcsWriter.uleb128Length(value));
    }

    @Test
    void uleb128LengthsAtTheBoundaries() {
        assertEquals(1, BcsWriter.uleb128Length(0));
        assertEquals(1, BcsWriter.uleb128Length(127));
        assertEquals(2, BcsWriter.uleb128Length(128));
        assertEquals(2, BcsWriter.uleb128Length(16_383));
        assertEquals(3, BcsWriter.uleb128Length(16_384));
        assertEquals(5, BcsWriter.uleb128Length(Integer.MAX_VALUE));
    }

    @Test
    void anExactlySizedWriterHandsOutItsArrayAndLaterWritesLeaveItAlone() {
        BcsWriter writer = new BcsWriter(3).u8(1).u16(0x0302);
        byte[] first = writer.toByteArray();
        assertSame(first, writer.toByteArray());
        assertArrayEquals(new byte[] {1, 2, 3}, first);

        writer.u8(4);
        byte[] second = writer.toByteArray();
        assertArrayEquals(new byte[] {1, 2, 3}, first);
        assertArrayEquals(new byte[] {1, 2, 3, 4}, second);

        BcsWriter roomy = new BcsWriter(10).u8(1);
        assertNotSame(roomy.toByteArray(), roomy.toByteArray());
    }
}
