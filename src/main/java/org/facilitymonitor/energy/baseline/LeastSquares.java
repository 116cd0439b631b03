package org.facilitymonitor.energy.baseline;

import org.apache.commons.math3.distribution.TDistribution;
import org.apache.commons.math3.linear.Array2DRowRealMatrix;
import org.apache.commons.math3.linear.ArrayRealVector;
import org.apache.commons.math3.linear.DecompositionSolver;
import org.apache.commons.math3.linear.QRDecomposition;
import org.apache.commons.math3.linear.RealMatrix;
import org.apache.commons.math3.linear.SingularMatrixException;

/**
 * Weighted least squares with an intercept, solved by Householder QR (Apache Commons Math), with
 * the statistics statsmodels reports for WLS: R² on the weighted, centred sum of squares, adjusted
 * R² with {@code n − k} residual degrees of freedom ({@code k} coefficients including the
 * intercept), and two-sided p-values of Student's t.
 */
final class LeastSquares {

    private LeastSquares() {
    }

    record Fit(double[] coefficients, double[] pValues, double ssr, double tss, double rSquared, double adjustedRSquared,
               int n, int k) {
    }

    /**
     * @param columns regressors without the intercept, each {@code n} long
     * @param w weights (all 1 for ordinary least squares)
     * @param pValues false leaves them null (a grid search needs none)
     * @return null when the design is singular (e.g. a regressor constant over the rows)
     */
    static Fit fit(boolean pValues, double[] y, double[] w, double[]... columns) {
        int n = y.length;
        int k = columns.length + 1;
        if (n <= k) {
            return null;
        }
        double[][] x = new double[n][k];
        double[] yw = new double[n];
        double sw = 0;
        double swy = 0;
        for (int i = 0; i < n; i++) {
            double s = Math.sqrt(w[i]);
            x[i][0] = s;
            for (int j = 1; j < k; j++) {
                x[i][j] = s * columns[j - 1][i];
            }
            yw[i] = s * y[i];
            sw += w[i];
            swy += w[i] * y[i];
        }
        RealMatrix design = new Array2DRowRealMatrix(x, false);
        QRDecomposition qr = new QRDecomposition(design, 1e-12);
        DecompositionSolver solver = qr.getSolver();
        if (!solver.isNonSingular()) {
            return null;
        }
        double[] b;
        try {
            b = solver.solve(new ArrayRealVector(yw, false)).toArray();
        } catch (SingularMatrixException e) {
            return null;
        }
        double mean = swy / sw;
        double ssr = 0;
        double tss = 0;
        for (int i = 0; i < n; i++) {
            double fitted = b[0];
            for (int j = 1; j < k; j++) {
                fitted += b[j] * columns[j - 1][i];
            }
            double r = y[i] - fitted;
            ssr += w[i] * r * r;
            double c = y[i] - mean;
            tss += w[i] * c * c;
        }
        double r2 = tss == 0 ? Double.NaN : 1 - ssr / tss;
        double adj = 1 - (1 - r2) * (n - 1) / (double) (n - k);
        double[] p = pValues ? pValues(qr.getR(), b, ssr / (n - k), n - k) : null;
        return new Fit(b, p, ssr, tss, r2, adj, n, k);
    }

    /** p-values from the coefficients' standard errors: σ² (RᵀR)⁻¹ = σ² R⁻¹R⁻ᵀ. */
    private static double[] pValues(RealMatrix rFull, double[] b, double sigma2, int df) {
        int k = b.length;
        double[][] r = rFull.getSubMatrix(0, k - 1, 0, k - 1).getData();
        double[][] inv = new double[k][k];
        for (int col = 0; col < k; col++) {          // R is upper triangular: back substitution per unit vector
            for (int row = k - 1; row >= 0; row--) {
                double v = row == col ? 1 : 0;
                for (int j = row + 1; j < k; j++) {
                    v -= r[row][j] * inv[j][col];
                }
                inv[row][col] = v / r[row][row];
            }
        }
        TDistribution t = new TDistribution(null, df);
        double[] p = new double[k];
        for (int i = 0; i < k; i++) {
            double var = 0;
            for (int j = 0; j < k; j++) {
                var += inv[i][j] * inv[i][j];
            }
            double se = Math.sqrt(sigma2 * var);
            p[i] = se == 0 ? 0 : 2 * t.cumulativeProbability(-Math.abs(b[i] / se));
        }
        return p;
    }
}
