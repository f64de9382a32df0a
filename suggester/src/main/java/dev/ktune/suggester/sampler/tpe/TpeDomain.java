package dev.ktune.suggester.sampler.tpe;

import dev.ktune.protocol.Domain;
import java.util.List;

/**
 * A parameter as Optuna's TPE sees it, mapped from Ray Tune's domain as Ray's OptunaSearch maps it: floats and
 * integers with optional step and log scale, or categorical choices (internally the index of the choice).
 */
sealed interface TpeDomain {
    /**
     * @param step      0 for continuous; Optuna's step otherwise (1 for integers)
     * @param quantize  rounding applied after sampling (qloguniform: Optuna has no log with step), 0 for none
     */
    record Numeric(double low, double high, double step, boolean log, boolean integer, double quantize) implements TpeDomain {}

    record Categorical(List<Object> choices) implements TpeDomain {}

    static TpeDomain of(Domain d) {
        if (d instanceof Domain.Uniform u) return new Numeric(u.low(), u.high(), 0, false, false, 0);
        if (d instanceof Domain.QUniform u) {
            // Optuna's FloatDistribution moves high down to the last multiple of step from low
            double high = u.low() + Math.floor((u.high() - u.low()) / u.q()) * u.q();
            return new Numeric(u.low(), high, u.q(), false, false, 0);
        }
        if (d instanceof Domain.LogUniform l) return new Numeric(l.low(), l.high(), 0, true, false, 0);
        if (d instanceof Domain.QLogUniform l) return new Numeric(l.low(), l.high(), 0, true, false, l.q());
        if (d instanceof Domain.RandInt r) return new Numeric(r.low(), r.high() - 1, 1, false, true, 0);
        if (d instanceof Domain.QRandInt r) {
            long high = r.low() + (r.high() - r.low()) / r.q() * r.q();
            return new Numeric(r.low(), high, r.q(), false, true, 0);
        }
        if (d instanceof Domain.LogRandInt r) return new Numeric(r.low(), r.high() - 1, 1, true, true, 0);
        if (d instanceof Domain.Choice c) return new Categorical(c.values());
        throw new IllegalArgumentException("TPE cannot search " + d);
    }

    /** The internal (float) representation of a param value: itself, or a choice's index. */
    default double internal(Object value) {
        if (this instanceof Categorical c) {
            int i = c.choices().indexOf(value);
            if (i < 0) throw new IllegalArgumentException("value " + value + " is not one of " + c.choices());
            return i;
        }
        return ((Number) value).doubleValue();
    }

    /** The value a trial gets for an internal representation. */
    default Object external(double internal) {
        if (this instanceof Categorical c) return c.choices().get((int) internal);
        Numeric n = (Numeric) this;
        double v = n.quantize() > 0 ? Math.rint(internal / n.quantize()) * n.quantize() : internal;
        return n.integer() ? (Object) Math.round(v) : (Object) v;
    }
}
