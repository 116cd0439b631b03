package org.facilitymonitor.energy.accounting;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.function.Function;
import java.util.regex.Pattern;

/**
 * A virtual meter's linear formula: terms {@code [coefficient*]reference} joined by {@code +} and
 * {@code -}, e.g. {@code campus-water-main-volume - office-water-volume - 0.5*dorm-water-volume}.
 * Ids contain hyphens, so a minus between two terms needs a space before it ({@code a-b} is one id).
 * A reference is a meter point or another virtual meter; {@link #expand} resolves virtual meters
 * into meter points, refusing cycles.
 */
public record Formula(String text, List<Term> terms) {

    public record Term(double coefficient, String reference) {
    }

    private static final Pattern NUMBER = Pattern.compile("\\d+(\\.\\d+)?|\\.\\d+");
    private static final Pattern ID = Pattern.compile("[a-z0-9][a-z0-9-]*");

    /** Thrown for a formula that does not parse or resolve; the message names the term. */
    public static class FormulaException extends RuntimeException {
        public FormulaException(String message) {
            super(message);
        }
    }

    public static Formula parse(String text) {
        if (text == null || text.isBlank()) {
            throw new FormulaException("empty formula");
        }
        List<String> tokens = tokens(text);
        List<Term> terms = new ArrayList<>();
        int i = 0;
        double sign = 1;
        boolean expectTerm = true;
        while (i < tokens.size()) {
            String t = tokens.get(i);
            if (expectTerm) {
                if (t.equals("+") || t.equals("-")) {
                    if (!terms.isEmpty() || i > 0) {
                        throw new FormulaException("two operators in a row before '" + next(tokens, i + 1) + "'");
                    }
                    sign = t.equals("-") ? -1 : 1;
                    i++;
                    continue;
                }
                double coefficient = 1;
                String reference;
                if (NUMBER.matcher(t).matches()) {
                    if (!"*".equals(next(tokens, i + 1)) || !isId(next(tokens, i + 2))) {
                        throw new FormulaException("a coefficient must be followed by '*' and a meter: '" + t + "'");
                    }
                    coefficient = Double.parseDouble(t);
                    reference = tokens.get(i + 2);
                    i += 3;
                } else if (isId(t)) {
                    reference = t;
                    i++;
                    if ("*".equals(next(tokens, i)) && NUMBER.matcher(next(tokens, i + 1)).matches()) {
                        coefficient = Double.parseDouble(tokens.get(i + 1));
                        i += 2;
                    }
                } else {
                    throw new FormulaException("unexpected '" + t + "' where a term was expected");
                }
                terms.add(new Term(sign * coefficient, reference));
                expectTerm = false;
            } else {
                if (!t.equals("+") && !t.equals("-")) {
                    throw new FormulaException("expected + or - before '" + t + "'");
                }
                sign = t.equals("-") ? -1 : 1;
                expectTerm = true;
                i++;
            }
        }
        if (expectTerm) {
            throw new FormulaException("the formula ends with an operator");
        }
        return new Formula(text.trim(), List.copyOf(terms));
    }

    private static boolean isId(String t) {
        return t != null && ID.matcher(t).matches() && !NUMBER.matcher(t).matches();
    }

    private static String next(List<String> tokens, int i) {
        return i < tokens.size() ? tokens.get(i) : null;
    }

    private static List<String> tokens(String text) {
        List<String> out = new ArrayList<>();
        int i = 0;
        while (i < text.length()) {
            char c = text.charAt(i);
            if (Character.isWhitespace(c)) {
                i++;
            } else if (c == '+' || c == '-' || c == '*') {
                out.add(String.valueOf(c));
                i++;
            } else if (Character.isLetterOrDigit(c) || c == '.') {
                int start = i;
                while (i < text.length() && (Character.isLetterOrDigit(text.charAt(i)) || text.charAt(i) == '.'
                        || text.charAt(i) == '-' && i + 1 < text.length() && Character.isLetterOrDigit(text.charAt(i + 1)))) {
                    i++;
                }
                String token = text.substring(start, i);
                if (!NUMBER.matcher(token).matches() && !ID.matcher(token).matches()) {
                    throw new FormulaException("'" + token + "' is neither a number nor a meter id ([a-z0-9-])");
                }
                out.add(token);
            } else {
                throw new FormulaException("unexpected character '" + c + "' at position " + (i + 1));
            }
        }
        return out;
    }

    /**
     * The formula as coefficients of meter points. {@code virtualMeters}: the formula of a virtual
     * meter by id, or null when the reference is no virtual meter (then it must be a meter point,
     * as {@code isMeter} says). {@code ownId}: the virtual meter this formula belongs to (null for none),
     * so that a cycle through it is reported from it.
     */
    public Map<String, Double> expand(String ownId, Function<String, Formula> virtualMeters, Function<String, Boolean> isMeter) {
        Map<String, Double> out = new LinkedHashMap<>();
        List<String> path = new ArrayList<>();
        if (ownId != null) {
            path.add(ownId);
        }
        expand(this, 1, virtualMeters, isMeter, path, out);
        return out;
    }

    private static void expand(Formula f, double factor, Function<String, Formula> virtualMeters,
                               Function<String, Boolean> isMeter, List<String> path, Map<String, Double> out) {
        for (Term t : f.terms()) {
            Formula inner = virtualMeters.apply(t.reference());
            if (inner != null) {
                if (path.contains(t.reference())) {
                    List<String> cycle = new ArrayList<>(path.subList(path.indexOf(t.reference()), path.size()));
                    cycle.add(t.reference());
                    throw new FormulaException("term '" + t.reference() + "' makes a cycle: " + String.join(" -> ", cycle));
                }
                path.add(t.reference());
                expand(inner, factor * t.coefficient(), virtualMeters, isMeter, path, out);
                path.remove(path.size() - 1);
            } else if (Boolean.TRUE.equals(isMeter.apply(t.reference()))) {
                out.merge(t.reference(), factor * t.coefficient(), Double::sum);
            } else {
                throw new FormulaException("term '" + t.reference() + "' is neither a meter of this site and carrier"
                        + " nor a virtual meter");
            }
        }
    }

    /** Day by day: Σ coefficient × meter (a missing day counts as 0). */
    public static double[] evaluate(Map<String, Double> coefficients, Map<String, double[]> perMeter, int days) {
        double[] out = new double[days];
        coefficients.forEach((point, k) -> {
            double[] v = perMeter.get(point);
            if (v != null) {
                for (int d = 0; d < days; d++) {
                    out[d] += Double.isNaN(v[d]) ? 0 : k * v[d];
                }
            }
        });
        return out;
    }
}
