package io.jenkins.plugins.progressive.cluster;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;

class JobPatternsTest {
    @Test
    void foldersAndJobsMatchAsAdministratorsWriteThem() {
        JobPatterns prod = JobPatterns.parse("prod/**\nshop/checkout, team-*/deploy");
        assertThat(prod.matches("prod/eu/checkout")).isTrue();
        assertThat(prod.matches("shop/checkout")).isTrue();
        assertThat(prod.matches("shop/checkout-fork")).isFalse();
        assertThat(prod.matches("team-a/deploy")).isTrue();
        assertThat(prod.matches("team-a/x/deploy")).isFalse();
        assertThat(prod.matches("production/app")).isFalse();
        assertThat(JobPatterns.parse(null).matches("anything")).isTrue();
        assertThat(JobPatterns.parse("a.b/c").matches("aXb/c")).isFalse();
    }

    @Test
    void malformedPatternsAreNamed() {
        assertThat(JobPatterns.problem("prod/**, /abs")).hasValue("'/abs' is not a job pattern such as prod/** or team/app");
        assertThat(JobPatterns.problem("prod/")).isPresent();
        assertThat(JobPatterns.problem("prod/**")).isEmpty();
    }

    @Test
    void describesThePatternsAsWrittenForTheRefusal() {
        assertThat(JobPatterns.parse("prod/**\nshop/checkout,  team-*/deploy\n").describe())
                .isEqualTo("prod/**, shop/checkout, team-*/deploy");
        assertThat(JobPatterns.parse(null).describe()).isEqualTo("every job");
        assertThat(JobPatterns.parse(" \n ").describe()).isEqualTo("every job");
    }
}
