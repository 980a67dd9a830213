"""Quarterly indicators, one module per question: SKP, e-Kinerja, services, IKM, complaints, flags."""
