package org.jvnet.hudson.test.junit.jupiter;

import java.lang.annotation.Documented;
import java.lang.annotation.ElementType;
import java.lang.annotation.Retention;
import java.lang.annotation.RetentionPolicy;
import java.lang.annotation.Target;

/**
 * Compile-only declaration of jenkins-test-harness's {@code @WithJenkins}. Deliberately without the real
 * {@code @ExtendWith(JenkinsExtension.class)}: a test using it cannot get a {@code JenkinsRule} here, so it
 * cannot pass against this API by accident.
 */
@Target({ElementType.TYPE, ElementType.METHOD})
@Retention(RetentionPolicy.RUNTIME)
@Documented
public @interface WithJenkins {}
