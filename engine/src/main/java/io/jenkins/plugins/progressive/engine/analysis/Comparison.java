package io.jenkins.plugins.progressive.engine.analysis;

/** The relation a measured value must have to a threshold. */
public enum Comparison {
    LESS("<"),
    LESS_OR_EQUAL("<="),
    GREATER(">"),
    GREATER_OR_EQUAL(">=");

    private final String symbol;

    Comparison(String symbol) {
        this.symbol = symbol;
    }

    public String symbol() {
        return symbol;
    }

    public boolean holds(double value, double threshold) {
        return switch (this) {
            case LESS -> value < threshold;
            case LESS_OR_EQUAL -> value <= threshold;
            case GREATER -> value > threshold;
            case GREATER_OR_EQUAL -> value >= threshold;
        };
    }

    static Comparison fromSymbol(String symbol) {
        for (Comparison comparison : values()) {
            if (comparison.symbol.equals(symbol)) {
                return comparison;
            }
        }
        throw new IllegalArgumentException("unknown comparison '" + symbol + "'");
    }
}
