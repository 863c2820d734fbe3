package dev.convergent.testkit.builtin;

import dev.convergent.clock.VersionVector;
import dev.convergent.testkit.Codec;
import dev.convergent.testkit.ConvergentArbitraries;
import dev.convergent.testkit.Operation;
import dev.convergent.testkit.SerializationLaws;
import net.jqwik.api.Arbitrary;

/** The laws, round trip and deterministic bytes of VersionVector through the Kryo codec. */
class VersionVectorSerializationLawsTest implements SerializationLaws<VersionVector> {

    @Override
    public VersionVector initial() {
        return VersionVector.empty();
    }

    @Override
    public Arbitrary<Operation<VersionVector>> operations() {
        return ConvergentArbitraries.versionVectorOperations();
    }

    @Override
    public Codec<VersionVector> codec() {
        return KryoCodecs.of(VersionVector.class);
    }

    @Override
    public Object observe(VersionVector vector) {
        return vector.entries();
    }
}
