"""Fine-tuning a detector from torchvision for three classes.

How many boxes survive non-maximum suppression is the data's: Layer Lens costs the most the code lets through
(1,000 proposals after the RPN, 100 detections), and its lenses write ≤ before those costs.
"""
import torch
import torchvision
from torchvision.models.detection.faster_rcnn import FastRCNNPredictor

model = torchvision.models.detection.fasterrcnn_mobilenet_v3_large_320_fpn(weights=None, weights_backbone=None)
in_features = model.roi_heads.box_predictor.cls_score.in_features
model.roi_heads.box_predictor = FastRCNNPredictor(in_features, 3)

model.eval()
predictions = model([torch.rand(3, 480, 640)])
