package org.jenkinsci.remoting;

import java.io.Serializable;

/** Compile-only declaration of remoting's {@code SerializableOnlyOverRemoting}. */
public interface SerializableOnlyOverRemoting extends Serializable {}
