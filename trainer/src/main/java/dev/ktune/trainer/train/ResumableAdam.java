package dev.ktune.trainer.train;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDList;
import ai.djl.nn.Block;
import ai.djl.training.optimizer.Optimizer;
import java.io.DataInputStream;
import java.io.DataOutputStream;
import java.io.IOException;
import java.util.HashMap;
import java.util.Map;
import java.util.TreeMap;

/**
 * Adam with the same update as DJL's (the engine's fused kernel, bias correction folded into the step size), whose
 * state (first and second moments and the step count of every parameter) can be saved and restored, so that a
 * trial resumed from a checkpoint continues exactly where it stopped. DJL's own Adam keeps that state private.
 */
public final class ResumableAdam extends Optimizer {
    private static final float BETA1 = 0.9f;
    private static final float BETA2 = 0.999f;
    private static final float EPSILON = 1e-8f;

    private final float learningRate;
    private final Map<String, NDArray> means = new HashMap<>();
    private final Map<String, NDArray> variances = new HashMap<>();
    private final Map<String, Integer> steps = new HashMap<>();
    /** Loaded state, turned into arrays on each parameter's device at its first update. */
    private final Map<String, byte[][]> restored = new HashMap<>();
    /** Parameter ids are random per model instance; state is kept under the parameters' structural names. */
    private Map<String, String> names = Map.of();

    public ResumableAdam(float learningRate) {
        super(new Builder());
        if (!(learningRate > 0)) throw new IllegalArgumentException("learningRate: must be > 0, got " + learningRate);
        this.learningRate = learningRate;
    }

    private static final class Builder extends OptimizerBuilder<Builder> {
        @Override
        protected Builder self() {
            return this;
        }
    }

    /** Keys the state by each parameter's name in the block, so a new instance of the same model can take it over. */
    public void nameParameters(Block block) {
        Map<String, String> byId = new HashMap<>();
        block.getParameters().forEach(p -> byId.put(p.getValue().getId(), p.getKey()));
        names = byId;
    }

    @Override
    public void update(String id, NDArray weight, NDArray grad) {
        String parameterId = names.getOrDefault(id, id);
        byte[][] saved = restored.remove(parameterId);
        if (saved != null) {
            means.put(parameterId, NDArray.decode(weight.getManager(), saved[0]));
            variances.put(parameterId, NDArray.decode(weight.getManager(), saved[1]));
        }
        int t = steps.merge(parameterId, 1, Integer::sum);
        float corrected = (float) (learningRate * Math.sqrt(1 - Math.pow(BETA2, t)) / (1 - Math.pow(BETA1, t)));
        NDArray mean = means.computeIfAbsent(parameterId, k -> weight.zerosLike());
        NDArray variance = variances.computeIfAbsent(parameterId, k -> weight.zerosLike());
        weight.getNDArrayInternal().adamUpdate(new NDList(weight, grad, mean, variance), new NDList(weight), learningRate,
                corrected, 0f, rescaleGrad, clipGrad, BETA1, BETA2, EPSILON, true, false);
    }

    /** Writes every parameter's step count and moments, in parameter-id order. */
    public void save(DataOutputStream out) throws IOException {
        Map<String, Integer> sorted = new TreeMap<>(steps);
        out.writeInt(sorted.size());
        for (Map.Entry<String, Integer> e : sorted.entrySet()) {
            out.writeUTF(e.getKey());
            out.writeInt(e.getValue());
            writeBytes(out, means.get(e.getKey()).encode());
            writeBytes(out, variances.get(e.getKey()).encode());
        }
    }

    public void load(DataInputStream in) throws IOException {
        int count = in.readInt();
        for (int i = 0; i < count; i++) {
            String id = in.readUTF();
            steps.put(id, in.readInt());
            restored.put(id, new byte[][] {readBytes(in), readBytes(in)});
        }
    }

    private static void writeBytes(DataOutputStream out, byte[] bytes) throws IOException {
        out.writeInt(bytes.length);
        out.write(bytes);
    }

    private static byte[] readBytes(DataInputStream in) throws IOException {
        byte[] bytes = new byte[in.readInt()];
        in.readFully(bytes);
        return bytes;
    }
}
