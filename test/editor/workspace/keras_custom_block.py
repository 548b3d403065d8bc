# A Keras custom layer (keras.io style): one row in the model, its sublayers on their own lines.
import keras
from keras import layers


class ConvBlock(layers.Layer):
    def __init__(self, filters, **kwargs):
        super().__init__(**kwargs)
        self.conv = layers.Conv2D(filters, 3, padding="same")
        self.bn = layers.BatchNormalization()

    def call(self, x):
        return keras.activations.relu(self.bn(self.conv(x)))


inputs = keras.Input(shape=(32, 32, 3))
x = ConvBlock(16)(inputs)
x = ConvBlock(32)(x)
x = layers.GlobalAveragePooling2D()(x)
outputs = layers.Dense(10)(x)
model = keras.Model(inputs, outputs)
