package dev.ktune.trainer.checkpoint;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDManager;
import ai.djl.nn.Block;
import ai.djl.nn.Parameter;
import ai.djl.util.Pair;
import java.io.DataInputStream;
import java.io.DataOutputStream;
import java.io.IOException;
import java.util.HashMap;
import java.util.Map;

/**
 * A model's parameter values by structural name. Loading copies the values into the live arrays instead of
 * replacing them ({@code Block.loadParameters} does): the trainer's parameter store and PyTorch's autograd keep
 * referring to the arrays they were given at initialisation, so replaced arrays would be silently ignored.
 */
final class ModelState {
    private ModelState() {}

    static void save(Block block, DataOutputStream out) throws IOException {
        var parameters = block.getParameters();
        out.writeInt(parameters.size());
        for (Pair<String, Parameter> p : parameters) {
            byte[] bytes = p.getValue().getArray().encode();
            out.writeUTF(p.getKey());
            out.writeInt(bytes.length);
            out.write(bytes);
        }
    }

    static void load(Block block, NDManager manager, DataInputStream in) throws IOException {
        Map<String, byte[]> saved = new HashMap<>();
        int count = in.readInt();
        for (int i = 0; i < count; i++) {
            String name = in.readUTF();
            byte[] bytes = new byte[in.readInt()];
            in.readFully(bytes);
            saved.put(name, bytes);
        }
        try (NDManager scratch = manager.newSubManager()) {
            for (Pair<String, Parameter> p : block.getParameters()) {
                byte[] bytes = saved.get(p.getKey());
                if (bytes == null) throw new IOException("the checkpoint has no value for parameter " + p.getKey());
                NDArray live = p.getValue().getArray();
                NDArray value = NDArray.decode(scratch, bytes);
                if (!value.getShape().equals(live.getShape())) {
                    throw new IOException("parameter " + p.getKey() + " has shape " + value.getShape() + " in the checkpoint, "
                            + live.getShape() + " in the model");
                }
                boolean grad = live.hasGradient();
                if (grad) live.setRequiresGradient(false); // autograd forbids in-place writes to leaves that need gradients
                value.copyTo(live);
                if (grad) live.setRequiresGradient(true);
            }
        }
    }
}
