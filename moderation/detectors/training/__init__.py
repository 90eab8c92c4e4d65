"""Training and evaluation of Hearth's detectors (not runtime code: needs scikit-learn and ../shared/eval).

``data`` reads the public sets and splits them by group; ``cache`` keeps sentence embeddings on disk;
``features`` turns texts into the classifier's inputs; ``fit`` trains and calibrates the crisis classifier
and picks the policy thresholds; ``report`` measures the held-out table.
"""
