/** Flags past their expiry or fully on for too long, as a report the caller fails or warns on. */
package io.jenkins.plugins.progressive.engine.flags.stale;
