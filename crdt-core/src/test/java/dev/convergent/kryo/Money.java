package dev.convergent.kryo;

/**
 * A user value type for the tests: a record, serialized by Kryo's own record serializer once the
 * user registers it.
 *
 * @param currency the currency code
 * @param cents the amount
 */
record Money(String currency, long cents) {
}
