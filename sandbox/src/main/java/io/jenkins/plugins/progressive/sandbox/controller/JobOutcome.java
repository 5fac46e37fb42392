package io.jenkins.plugins.progressive.sandbox.controller;

/** What a Job of one image does after running for the pace's job time. */
public enum JobOutcome {
    /** Completes: {@code succeeded=1}, condition Complete. */
    SUCCEED,
    /** Fails: backoff limit exceeded, condition Failed. */
    FAIL,
    /** Stays active until its {@code activeDeadlineSeconds} (if any) runs out. */
    HANG
}
