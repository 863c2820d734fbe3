package dev.convergent.testkit;

import java.lang.annotation.ElementType;
import java.lang.annotation.Retention;
import java.lang.annotation.RetentionPolicy;
import java.lang.annotation.Target;
import net.jqwik.api.Property;
import net.jqwik.api.lifecycle.AddLifecycleHook;

/**
 * Marks a law of a contract: a jqwik {@link Property} whose failure report {@link LawReport}
 * completes with the shrunk counterexample and the seed. (jqwik looks up lifecycle hooks on the
 * test class and the property method, not on the interfaces a test class implements, so the hook
 * goes on each law.)
 */
@Retention(RetentionPolicy.RUNTIME)
@Target(ElementType.METHOD)
@Property
@AddLifecycleHook(LawReport.class)
@interface LawProperty {
}
