package io.jenkins.plugins.progressive.engine.analysis.judge;

/**
 * The standard normal distribution function and its inverse, so that the judge needs no statistics library.
 *
 * <p>{@link #cdf} is W. J. Cody's rational Chebyshev approximation (ACM TOMS Algorithm 715, 1993), the one R's
 * {@code pnorm} runs: relative error near double precision, also deep in the lower tail, where a p-value lives.
 * {@link #quantile} is P. J. Acklam's rational approximation (relative error below 1.15e-9) polished by one Halley
 * step against {@link #cdf}, which brings it to about double precision.
 */
final class StandardNormal {

    private static final double ONE_OVER_SQRT_2PI = 0.398942280401432677939946059934;
    private static final double SQRT_2PI = 2.50662827463100050241576528481;
    private static final double SQRT_32 = 5.656854249492380195206754896838;
    /** Φ(x) is below the smallest subnormal for x at or below minus this, so 0 (Cody's bound). */
    private static final double TAIL_CUTOFF = 37.5193;
    /** Below this |x| the central approximation is 0.5 + x/√(2π) to double precision (R's bound too). */
    private static final double TINY = 0x1p-53;

    // Cody: Φ(x) - 1/2 for |x| <= 0.67449
    private static final double[] A = {
        2.2352520354606839287, 161.02823106855587881, 1067.6894854603709582, 18154.981253343561249,
        0.065682337918207449113};
    private static final double[] B = {
        47.20258190468824187, 976.09855173777669322, 10260.932208618978205, 45507.789335026729956};
    // Cody: erfc-like tail for 0.67449 < |x| <= √32
    private static final double[] C = {
        0.39894151208813466764, 8.8831497943883759412, 93.506656132177855979, 597.27027639480026226,
        2494.5375852903726711, 6848.1904505362823326, 11602.651437647350124, 9842.7148383839780218,
        1.0765576773720192317e-8};
    private static final double[] D = {
        22.266688044328115691, 235.38790178262499861, 1519.377599407554805, 6485.558298266760755,
        18615.571640885098091, 34900.952721145977266, 38912.003286093271411, 19685.429676859990727};
    // Cody: asymptotic tail for |x| > √32
    private static final double[] P = {
        0.21589853405795699, 0.1274011611602473639, 0.022235277870649807, 0.001421619193227893466,
        2.9112874951168792e-5, 0.02307344176494017303};
    private static final double[] Q = {
        1.28426009614491121, 0.468238212480865118, 0.0659881378689285515, 0.00378239633202758244,
        7.29751555083966205e-5};

    // Acklam: central region
    private static final double[] CENTRAL_NUM = {
        -3.969683028665376e+01, 2.209460984245205e+02, -2.759285104469687e+02, 1.383577518672690e+02,
        -3.066479806614716e+01, 2.506628277459239e+00};
    private static final double[] CENTRAL_DEN = {
        -5.447609879822406e+01, 1.615858368580409e+02, -1.556989798598866e+02, 6.680131188771972e+01,
        -1.328068155288572e+01};
    // Acklam: lower tail
    private static final double[] TAIL_NUM = {
        -7.784894002430293e-03, -3.223964580411365e-01, -2.400758277161838e+00, -2.549732539343734e+00,
        4.374664141464968e+00, 2.938163982698783e+00};
    private static final double[] TAIL_DEN = {
        7.784695709041462e-03, 3.224671290700398e-01, 2.445134137142996e+00, 3.754408661907416e+00};
    private static final double ACKLAM_LOW = 0.02425;

    private StandardNormal() {
    }

    /** Φ(x) = P(Z ≤ x); NaN for NaN. */
    static double cdf(double x) {
        if (Double.isNaN(x)) {
            return x;
        }
        double y = Math.abs(x);
        if (y <= 0.67448975) {
            return 0.5 + central(x);
        }
        double lowerTail = lowerTail(y);
        // For x > 0, 1 - Φ(-x) loses the tail's relative precision, but Φ(x) is then near 1 anyway.
        return x < 0 ? lowerTail : 1.0 - lowerTail;
    }

    /** Φ(x) - 1/2 for |x| <= 0.67449. */
    private static double central(double x) {
        double numerator = 0;
        double denominator = 0;
        if (Math.abs(x) > TINY) {
            double square = x * x;
            numerator = A[4] * square;
            denominator = square;
            for (int i = 0; i < 3; i++) {
                numerator = (numerator + A[i]) * square;
                denominator = (denominator + B[i]) * square;
            }
        }
        return x * (numerator + A[3]) / (denominator + B[3]);
    }

    /** Φ(-y) for y > 0.67449. */
    private static double lowerTail(double y) {
        if (y >= TAIL_CUTOFF) {
            return 0.0;
        }
        double ratio;
        if (y <= SQRT_32) {
            double numerator = C[8] * y;
            double denominator = y;
            for (int i = 0; i < 7; i++) {
                numerator = (numerator + C[i]) * y;
                denominator = (denominator + D[i]) * y;
            }
            ratio = (numerator + C[7]) / (denominator + D[7]);
        } else {
            double inverseSquare = 1.0 / (y * y);
            double numerator = P[5] * inverseSquare;
            double denominator = inverseSquare;
            for (int i = 0; i < 4; i++) {
                numerator = (numerator + P[i]) * inverseSquare;
                denominator = (denominator + Q[i]) * inverseSquare;
            }
            ratio = inverseSquare * (numerator + P[4]) / (denominator + Q[4]);
            ratio = (ONE_OVER_SQRT_2PI - ratio) / y;
        }
        // exp(-y²/2) split as exp(-s²/2)·exp(-(y-s)(y+s)/2) with s = y rounded down to 1/16: s² is exact, so the
        // large part of the exponent carries no rounding error (Cody's trick; matters far out in the tail).
        double s = Math.floor(y * 16) / 16;
        double rest = (y - s) * (y + s);
        return Math.exp(-s * s * 0.5) * Math.exp(-rest * 0.5) * ratio;
    }

    /**
     * Φ⁻¹(p): the x with Φ(x) = p. Gives -∞ for 0, +∞ for 1 and NaN outside [0, 1].
     */
    static double quantile(double p) {
        if (Double.isNaN(p) || p < 0 || p > 1) {
            return Double.NaN;
        }
        if (p == 0) {
            return Double.NEGATIVE_INFINITY;
        }
        if (p == 1) {
            return Double.POSITIVE_INFINITY;
        }
        if (p > 0.5) {
            // 1 - p is exact for p >= 0.5 (Sterbenz), and the lower half is where Φ is accurate relatively.
            return -quantile(1.0 - p);
        }
        double x = acklam(p);
        // One Halley step on f(x) = Φ(x) - p; f'(x) = φ(x), f''(x) = -x·φ(x).
        double u = (cdf(x) - p) * SQRT_2PI * Math.exp(x * x / 2);
        double refined = x - u / (1 + x * u / 2);
        // In the far tail exp(x²/2) overflows; Acklam's value is then the best there is.
        return Double.isFinite(refined) ? refined : x;
    }

    /** Acklam's approximation for 0 < p <= 0.5. */
    private static double acklam(double p) {
        if (p < ACKLAM_LOW) {
            double q = Math.sqrt(-2 * Math.log(p));
            return (((((TAIL_NUM[0] * q + TAIL_NUM[1]) * q + TAIL_NUM[2]) * q + TAIL_NUM[3]) * q + TAIL_NUM[4]) * q
                    + TAIL_NUM[5])
                    / ((((TAIL_DEN[0] * q + TAIL_DEN[1]) * q + TAIL_DEN[2]) * q + TAIL_DEN[3]) * q + 1);
        }
        double q = p - 0.5;
        double r = q * q;
        return (((((CENTRAL_NUM[0] * r + CENTRAL_NUM[1]) * r + CENTRAL_NUM[2]) * r + CENTRAL_NUM[3]) * r
                + CENTRAL_NUM[4]) * r + CENTRAL_NUM[5]) * q
                / (((((CENTRAL_DEN[0] * r + CENTRAL_DEN[1]) * r + CENTRAL_DEN[2]) * r + CENTRAL_DEN[3]) * r
                + CENTRAL_DEN[4]) * r + 1);
    }
}
