package org.jenkinsci;

import java.lang.annotation.Documented;
import java.lang.annotation.ElementType;
import java.lang.annotation.Retention;
import java.lang.annotation.RetentionPolicy;
import java.lang.annotation.Target;

/**
 * Compile-only declaration of {@code org.jenkinsci.Symbol} (symbol-annotation). The real one is also
 * {@code @org.jvnet.hudson.annotation_indexer.Indexed}; annotation-indexer is not on Maven Central.
 */
@Retention(RetentionPolicy.RUNTIME)
@Target(ElementType.TYPE)
@Documented
public @interface Symbol {
    String[] value();
}
