#!/usr/bin/env python3
"""README tables from bench/eval_model.sh's JSON: the grouped cross-validation per code (model
beside the lexicon alone), micro/macro, the learning curve, and the transfer to the development set.
Usage: model_tables.py RESULTS_PREFIX   (e.g. bench/results/model-2026-12-08)"""
import json, sys
pre = sys.argv[1]
cv = json.load(open(pre + '-cv.json'))
tr = json.load(open(pre + '-transfer.json'))
def f(x): return f"{x:.3f}"
print(f"Grouped {cv['folds']}-fold cross-validation by record: {cv['sentences']} real sentences from "
      f"{cv['records']} records (none of them seen by the lexicon's authors), C {cv['C']:g}, positive weight "
      f"{cv['positive_weight']:g}, features `{cv['features']}`, seed {cv['seed']}.\n")
print("| code | positives | threshold | folds won | model P | R | F1 | lexicon P | R | F1 |")
print("|---|---|---|---|---|---|---|---|---|---|")
for c in cv['codes']:
    m, l = c['model'], c['lexicon']
    thr = f"{c['threshold']:.2f}" + ("" if c.get('shipped') else "*") if c['modelled'] else "lexicon"
    won = f"{c['model_beat_lexicon_in_folds']}/{cv['folds']}" if c['modelled'] else "–"
    print(f"| {c['code']} | {c['positives']} | {thr} | {won} | {f(m['precision'])} | {f(m['recall'])} | {f(m['f1'])} | "
          f"{f(l['precision'])} | {f(l['recall'])} | {f(l['f1'])} |")
mm, lm = cv['micro']['model'], cv['micro']['lexicon']
print(f"| **micro** | | | | **{f(mm['precision'])}** | **{f(mm['recall'])}** | **{f(mm['f1'])}** | "
      f"{f(lm['precision'])} | {f(lm['recall'])} | {f(lm['f1'])} |")
print(f"| macro F1 | | | | | | {f(cv['macro_f1']['model'])} | | | {f(cv['macro_f1']['lexicon'])} |")
print("\nLearning curve (the same folds, a share of each fold's training records):\n")
print("| training records per fold | micro P | micro R | micro F1 |\n|---|---|---|---|")
for p in cv['learning_curve']:
    print(f"| {p['training_records']} ({100 * p['fraction']:.0f}%) | {f(p['micro']['precision'])} | "
          f"{f(p['micro']['recall'])} | {f(p['micro']['f1'])} |")
m = tr['micro']
print(f"\nTransfer: trained without the development set, evaluated on it ({tr['sentences']} sentences): "
      f"micro P {f(m['precision'])}, R {f(m['recall'])}, F1 **{f(m['f1'])}** (target 0.70).")
