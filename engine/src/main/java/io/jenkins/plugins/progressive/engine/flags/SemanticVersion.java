package io.jenkins.plugins.progressive.engine.flags;

import java.util.List;
import java.util.Optional;

/**
 * A version as flagd's {@code sem_ver} reads it (Go {@code golang.org/x/mod/semver}): {@code MAJOR[.MINOR[.PATCH
 * [-PRERELEASE][+BUILD]]]}, an optional leading {@code v} or {@code V}; {@code 1} and {@code 1.2} are shorthand for
 * {@code 1.0.0} and {@code 1.2.0}; no leading zeros; build metadata is ignored when comparing.
 *
 * @param major digits, compared as a number of any size
 * @param minor digits
 * @param patch digits
 * @param prerelease dot-separated identifiers, empty for a release
 */
record SemanticVersion(String major, String minor, String patch, List<String> prerelease)
        implements Comparable<SemanticVersion> {

    /** Parses the way flagd normalises: prefix {@code v} unless present, after dropping one {@code V}. */
    static Optional<SemanticVersion> parse(String text) {
        String rest = text.startsWith("v") ? text.substring(1) : text.startsWith("V") ? text.substring(1) : text;
        String[] buildSplit = rest.split("\\+", 2);
        if (buildSplit.length == 2 && !identifiers(buildSplit[1], false)) {
            return Optional.empty();
        }
        String[] preSplit = buildSplit[0].split("-", 2);
        String[] numbers = preSplit[0].split("\\.", -1);
        boolean full = numbers.length == 3;
        if (numbers.length > 3 || !(full || preSplit.length == 1 && buildSplit.length == 1)) {
            return Optional.empty(); // prerelease and build need all three numbers
        }
        for (String number : numbers) {
            if (!isNumber(number)) {
                return Optional.empty();
            }
        }
        if (preSplit.length == 2 && !identifiers(preSplit[1], true)) {
            return Optional.empty();
        }
        return Optional.of(new SemanticVersion(numbers[0], numbers.length > 1 ? numbers[1] : "0",
                full ? numbers[2] : "0", preSplit.length == 2 ? List.of(preSplit[1].split("\\.")) : List.of()));
    }

    @Override
    public int compareTo(SemanticVersion other) {
        int c = compareNumbers(major, other.major);
        if (c == 0) {
            c = compareNumbers(minor, other.minor);
        }
        if (c == 0) {
            c = compareNumbers(patch, other.patch);
        }
        return c != 0 ? c : comparePrerelease(prerelease, other.prerelease);
    }

    private static boolean isNumber(String digits) {
        return !digits.isEmpty() && isDigits(digits) && !(digits.length() > 1 && digits.charAt(0) == '0');
    }

    private static boolean identifiers(String dotted, boolean numericNeedsNoLeadingZero) {
        for (String identifier : dotted.split("\\.", -1)) {
            if (identifier.isEmpty() || !identifier.chars().allMatch(SemanticVersion::isIdentifierChar)) {
                return false;
            }
            if (numericNeedsNoLeadingZero && isDigits(identifier) && !isNumber(identifier)) {
                return false;
            }
        }
        return true;
    }

    private static boolean isIdentifierChar(int ch) {
        return ch >= '0' && ch <= '9' || ch >= 'a' && ch <= 'z' || ch >= 'A' && ch <= 'Z' || ch == '-';
    }

    private static boolean isDigits(String text) {
        return text.chars().allMatch(ch -> ch >= '0' && ch <= '9');
    }

    /** Numbers of any length: a longer one is larger (no leading zeros), else compare digit by digit. */
    private static int compareNumbers(String a, String b) {
        return a.length() != b.length() ? Integer.compare(a.length(), b.length()) : Integer.signum(a.compareTo(b));
    }

    /** A release outranks its prereleases; numeric identifiers rank below alphanumeric ones (semver.org §11). */
    private static int comparePrerelease(List<String> a, List<String> b) {
        if (a.isEmpty() || b.isEmpty()) {
            return Boolean.compare(a.isEmpty(), b.isEmpty());
        }
        for (int i = 0; i < Math.min(a.size(), b.size()); i++) {
            String x = a.get(i);
            String y = b.get(i);
            boolean xNumeric = isDigits(x);
            boolean yNumeric = isDigits(y);
            int c = xNumeric && yNumeric ? compareNumbers(x, y)
                    : xNumeric != yNumeric ? (xNumeric ? -1 : 1) : Integer.signum(x.compareTo(y));
            if (c != 0) {
                return c;
            }
        }
        return Integer.compare(a.size(), b.size());
    }
}
