/**
 * Kryo serialization of every Convergent type: {@link dev.convergent.kryo.ConvergentKryo} registers
 * the serializers on a user's Kryo under fixed ids, and {@link dev.convergent.kryo.KryoCodec} is a
 * thread-safe codec for byte arrays. The wire format is compact, versioned, deterministic and
 * validated on every read; see {@code docs/serialization.md}. This is the only package that touches
 * Kryo, which is an optional dependency.
 */
package dev.convergent.kryo;
