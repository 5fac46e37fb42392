/**
 * A flag as a condition for a release: does a flag set, as stored now, serve a variant to at most (or at least) a
 * share of users, or is the flag enabled. Works on flag sets only; the strategy reads the store.
 */
package io.jenkins.plugins.progressive.engine.flags.gate;
