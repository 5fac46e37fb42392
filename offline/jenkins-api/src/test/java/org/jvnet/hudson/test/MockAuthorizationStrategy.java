package org.jvnet.hudson.test;

import hudson.security.AuthorizationStrategy;
import hudson.security.Permission;

/** Compile-only declaration of jenkins-test-harness's {@code MockAuthorizationStrategy}. */
public class MockAuthorizationStrategy extends AuthorizationStrategy {
    public MockAuthorizationStrategy() {
        throw new UnsupportedOperationException("compile-only");
    }

    public Grant grant(Permission... permissions) {
        throw new UnsupportedOperationException("compile-only");
    }

    public class Grant {
        private Grant() {
            throw new UnsupportedOperationException("compile-only");
        }

        public GrantOn everywhere() {
            throw new UnsupportedOperationException("compile-only");
        }

        public class GrantOn {
            private GrantOn() {
                throw new UnsupportedOperationException("compile-only");
            }

            public MockAuthorizationStrategy to(String... sids) {
                throw new UnsupportedOperationException("compile-only");
            }
        }
    }
}
