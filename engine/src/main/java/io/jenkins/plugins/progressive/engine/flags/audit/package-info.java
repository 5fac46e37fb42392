/** The bounded change history kept in an annotation of the stored flag set. */
package io.jenkins.plugins.progressive.engine.flags.audit;
