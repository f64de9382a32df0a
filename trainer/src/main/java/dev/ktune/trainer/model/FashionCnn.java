package dev.ktune.trainer.model;

import ai.djl.ndarray.types.Shape;
import ai.djl.nn.Activation;
import ai.djl.nn.Blocks;
import ai.djl.nn.SequentialBlock;
import ai.djl.nn.convolutional.Conv2d;
import ai.djl.nn.core.Linear;
import ai.djl.nn.norm.BatchNorm;
import ai.djl.nn.pooling.Pool;

/**
 * A small CNN for 28×28 grey images: two conv/batch-norm/ReLU/max-pool stages of {@code width} and
 * {@code 2·width} filters, then a hidden dense layer and 10 logits. {@code width} is the tunable capacity.
 */
public final class FashionCnn {
    private int width = -1;
    private int hidden = 64;
    private int classes = 10;

    public FashionCnn setWidth(int width) {
        this.width = width;
        return this;
    }

    public FashionCnn optHidden(int hidden) {
        this.hidden = hidden;
        return this;
    }

    public FashionCnn optClasses(int classes) {
        this.classes = classes;
        return this;
    }

    public SequentialBlock build() {
        if (width < 1 || width > 512) throw new IllegalArgumentException("width: must be in [1, 512], got " + width);
        if (hidden < 1) throw new IllegalArgumentException("hidden: must be >= 1, got " + hidden);
        if (classes < 2) throw new IllegalArgumentException("classes: must be >= 2, got " + classes);
        return new SequentialBlock()
                .add(stage(width))
                .add(stage(2 * width))
                .add(Blocks.batchFlattenBlock())
                .add(Linear.builder().setUnits(hidden).build())
                .add(Activation.reluBlock())
                .add(Linear.builder().setUnits(classes).build());
    }

    /** conv 3×3 (same padding) → batch norm → ReLU → 2×2 max pool: halves the image. */
    private static SequentialBlock stage(int filters) {
        return new SequentialBlock()
                .add(Conv2d.builder().setFilters(filters).setKernelShape(new Shape(3, 3)).optPadding(new Shape(1, 1)).build())
                .add(BatchNorm.builder().build())
                .add(Activation.reluBlock())
                .add(Pool.maxPool2dBlock(new Shape(2, 2), new Shape(2, 2)));
    }
}
