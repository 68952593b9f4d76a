"""Keras: a Sequential model built in the script, a functional MobileNet-style block, a subclassed model."""
from tensorflow import keras
from tensorflow.keras import layers

model = keras.Sequential([
    layers.Conv2D(32, 3, activation="relu", input_shape=(64, 64, 3)),
    layers.MaxPooling2D(),
    layers.Conv2D(64, 3, activation="relu"),
    layers.GlobalAveragePooling2D(),
    layers.Dense(10, activation="softmax"),
])


def separable_block(filters: int = 64):
    """Depthwise 3×3 then pointwise 1×1, with a residual add: MobileNet's saving, ShuffleNet's MAC."""
    inputs = keras.Input(shape=(56, 56, filters))
    x = layers.DepthwiseConv2D(3, padding="same", use_bias=False)(inputs)
    x = layers.BatchNormalization()(x)
    x = layers.ReLU(6.0)(x)
    x = layers.Conv2D(filters, 1, use_bias=False)(x)
    x = layers.BatchNormalization()(x)
    x = layers.Add()([inputs, x])
    return keras.Model(inputs, x, name="separable_block")


# layer-lens: input 1x28x28x1
class SmallNet(keras.Model):
    def __init__(self, classes: int = 10):
        super().__init__()
        self.conv = layers.Conv2D(16, 3, strides=2, padding="same", activation="relu")
        self.pool = layers.GlobalAveragePooling2D()
        self.head = layers.Dense(classes)

    def call(self, x):
        return self.head(self.pool(self.conv(x)))
