package dev.ktune.trainer.busy;

/**
 * Tells whoever scales trainers whether this one is training, so that scale-down removes idle trainers first:
 * in Kubernetes through the pod's {@code controller.kubernetes.io/pod-deletion-cost}, in {@code ktune local} through
 * a status file. Failures are the signal's own business: they never stop training.
 */
public interface BusySignal {
    void busy(String trialId);

    void idle();

    BusySignal NONE = new BusySignal() {
        @Override
        public void busy(String trialId) {}

        @Override
        public void idle() {}
    };
}
