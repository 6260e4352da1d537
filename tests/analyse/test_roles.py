"""Sentence roles on self-made text: each rule of `paperdigest/sentences.py` (and the cues of `wording.py`), one test each."""

from __future__ import annotations

import pytest

from paperdigest.captions import figure_place
from paperdigest.availability import is_availability
from paperdigest.reading import label
from paperdigest.sentences import role_of, section_kind
from paperdigest.splitting import clean, split


def test_footnote_markers_before_urls_and_after_sentence_ends_are_dropped() -> None:
    assert clean("venues 1https://iclr.cc/Conferences/2023 2https://icml.cc/") == "venues https://iclr.cc/Conferences/2023 https://icml.cc/"
    assert [s for s, _, _ in split("We open-source FlashAttention to help others.1 We then validate it on GPT-2.")] == [
        "We open-source FlashAttention to help others.", "We then validate it on GPT-2."]
    assert [s for s, _, _ in split("We focus on language modeling, because of its success [18, 7].2 The discovered model is Primer.")] == [
        "We focus on language modeling, because of its success [18, 7].", "The discovered model is Primer."]
    assert [s for s, _, _ in split("(Actually, we define the gradient as a difference of weights.) We can also batch it over tasks.")] == [
        "(Actually, we define the gradient as a difference of weights.)", "We can also batch it over tasks."]


def test_a_url_cut_at_a_line_end_is_joined() -> None:
    assert clean("The code is available at https://github.com/\ntensorflow/tensor2tensor.") == (
        "The code is available at https://github.com/tensorflow/tensor2tensor.")
    assert clean("see https://example.org/ and more") == "see https://example.org/ and more"


def test_a_bullet_list_becomes_items_and_its_lead_in_is_dropped() -> None:
    text = ("The main contributions are summarized as follows: • We introduce PaSa, a paper search agent. "
            "• We develop two datasets for academic search.")
    items = [(s, listed) for s, _, listed in split(text)]
    assert items == [("We introduce PaSa, a paper search agent.", True), ("We develop two datasets for academic search.", True)]


def test_an_abbreviation_does_not_end_a_sentence() -> None:
    text = ("Our plain baselines (Fig. 3, middle) follow the VGG nets of Simonyan et al. and use small filters, e.g. "
            "3x3 ones (see Eq. 2). The deeper network has higher training error.")
    assert [s for s, _, _ in split(text)] == [
        "Our plain baselines (Fig. 3, middle) follow the VGG nets of Simonyan et al. and use small filters, e.g. 3x3 ones (see Eq. 2).",
        "The deeper network has higher training error.",
    ]


def test_a_reference_in_brackets_does_not_end_a_sentence() -> None:
    text = ("In a recent paper [C. Hattori et al. Phys. Rev. D83, 015009 (2011)] the group is modified. "
            "We extend the result of Li and Wang (Commun. Math. Phys. 12, 2000). We take eta in [0,1). Then the bound holds "
            "for every graph (see the appendix. It is long) of the family.")
    assert [s for s, _, _ in split(text)] == [
        "In a recent paper [C. Hattori et al. Phys. Rev. D83, 015009 (2011)] the group is modified.",
        "We extend the result of Li and Wang (Commun. Math. Phys. 12, 2000).",
        "We take eta in [0,1).",  # a half-open interval closes what it opens
        "Then the bound holds for every graph (see the appendix. It is long) of the family.",
    ]


def test_a_footnote_link_between_two_sentences_ends_the_first() -> None:
    text = "For the other tasks we report test-set accuracy. https://gluebenchmark.com/ We compare to fine-tuning, the standard."
    assert [s for s, _, _ in split(text)] == [
        "For the other tasks we report test-set accuracy. https://gluebenchmark.com/", "We compare to fine-tuning, the standard."]
    assert [s.role for s in label(text)][0] != "availability"


def test_an_email_line_is_dropped_and_a_metric_with_an_at_sign_is_not() -> None:
    text = ("Ann Lee and Bo Chan {ann, bo}@cs.mit.edu and eve.k+arxiv@ox.ac.uk are the authors. "
            "FooNet reaches 25% R@0.5 on Charades-STA and 71.2% pass@1. It is interfaced to MC@NLO.")
    assert [s for s, _, _ in split(text)] == ["FooNet reaches 25% R@0.5 on Charades-STA and 71.2% pass@1.", "It is interfaced to MC@NLO."]


def test_a_lead_in_that_says_nothing_of_its_own_is_dropped() -> None:
    text = ("Our main contributions are the following. We propose FooNet, a model for long videos. "
            "Limitations: There are limitations to this study. FooNet is slow on inputs of over an hour.")
    assert [s for s, _, _ in split(text)] == ["We propose FooNet, a model for long videos.", "FooNet is slow on inputs of over an hour."]


def test_an_enumeration_that_full_stops_cut_up_still_gives_its_items() -> None:
    text = ("Our contributions are summarized as follows: (1) We propose FooPool, a pooling method based on hotspot analysis. "
            "(2) We establish that geospatial priors improve how FooNet generalizes.")
    assert [(s, listed) for s, _, listed in split(text)] == [
        ("We propose FooPool, a pooling method based on hotspot analysis.", True),
        ("We establish that geospatial priors improve how FooNet generalizes.", True),
    ]


def test_a_lead_in_naming_problems_is_the_claim_and_its_items_are_not_contributions() -> None:
    text = ("In addition, we design a new session-level PPO training method to address the unique challenges of the paper "
            "search task: 1) sparse reward: The papers in the training set are collected via citations only. "
            "2) long trajectories: The trajectory of the crawler may involve hundreds of papers.")
    found = label(text, "1 Introduction", "intro")
    head = "In addition, we design a new session-level PPO training method to address the unique challenges of the paper search task"
    assert (found[0].text, found[0].role) == (head, "contribution")
    assert not any("sparse reward" in s.text for s in found) and all(s.role != "contribution" for s in found[1:])
    # a lead-in naming what it brings keeps giving its items its role: "challenges with three innovations" names these
    items = split("Our approach tackles key challenges with three innovations: (1) a crawler that reads citation graphs, "
                  "(2) a selector that ranks the papers it finds.")  # fmt: skip
    assert [(s, whole.endswith("innovations"), listed) for s, whole, listed in items] == [
        ("a crawler that reads citation graphs", True, True), ("a selector that ranks the papers it finds.", True, True)]
    assert len(split("We make two contributions: 1) a crawler that reads citation graphs, 2) a selector that ranks papers.")) == 1


def test_a_sentence_ends_after_a_closing_quote() -> None:
    text = 'We compare to a model labeled "Few-shot CoT LaMDA 137B." We found that STaR outperformed it on the whole dataset.'
    assert [s for s, _, _ in split(text)] == ['We compare to a model labeled "Few-shot CoT LaMDA 137B."',
                                             "We found that STaR outperformed it on the whole dataset."]  # fmt: skip


def test_citation_numbers_after_a_full_stop_are_marks_not_text() -> None:
    text = "Numerous datasets are used for this benchmarking.182,183 Among them, MoleculeNet is the most common one."
    assert [s for s, _, _ in split(text)] == ["Numerous datasets are used for this benchmarking.", "Among them, MoleculeNet is the most common one."]


def test_an_enumeration_is_split_and_its_items_take_the_lead_ins_role() -> None:
    text = ("Our study uncovers three surprises: (1) visual quality alone does not guarantee task success; "
            "(2) scaling post-training with action data is more effective than bigger generators; "
            "and (3) more inference compute improves closed-loop performance.")
    found = label(text)
    assert [s.text for s in found] == [
        "visual quality alone does not guarantee task success",
        "scaling post-training with action data is more effective than bigger generators",
        "more inference compute improves closed-loop performance.",
    ]
    assert {s.role for s in found} == {"result"} and all(s.listed for s in found)


@pytest.mark.parametrize(
    ("sentence", "offered"),
    [
        ("Code and models are publicly available at https://github.com/a/b.", True),
        ("Project page: https://x.github.io/demo", True),
        ("We release the corpus and curation tools to accelerate research.", True),
        ("https://iclr.cc/Conferences/2023 https://icml.cc/Conferences/2023", False),  # a URL names no artifact
        ("We construct a benchmark using publicly available datasets for HDR video.", False),
        ("We compare our implementation with Apex FMHA (https://github.com/NVIDIA/apex).", False),
        ("The advancement of VLMs is hampered by contaminated public datasets.", False),
        ("Clients learn from heterogeneous data available at different sites.", False),  # not offered to the reader
        ("We evaluate on an existing benchmark of five web applications for which test suites are available.", False),
        ("We release our code, which extends existing fuzzers, to the community.", True),
        # others' artifacts, cited or linked in a footnote glued to the sentence
        ("We chose GPT-J because the checkpoint and code are publicly available [Wang, 2021].", False),
        ("In the remainder of this work, AI writing means LLMs. For example, commercial tools like copy.ai, https://copy.ai.", False),
        ("We provide the code and the model weights on the project page: https://example.org/foo/", True),
        ("Results on all the tasks for the 8B and 62B models can be found in Appendix G.1.", False),  # a pointer
        ("We guide deep learning models to do well when a limited amount of training data is available.", False),
        ("We also estimate how the method does once the data gathered by the next survey is available.", False),
        ("Code is available in the supplementary materials and will be released publicly upon acceptance.", True),
        ("The authors have indicated that the code for their agent will be released after a review.", False),  # in a review
        ("Note: Supplementary information is available on the Nature Neuroscience website.", False),  # a journal's site
        ("Website: https://foo.github.io/bar", True),
        # footnotes naming the tools the authors used
        ("For BLEURT-20, we used the library at https://github.com/google-research/bleurt and commit c6f2375.", False),
        ("Perspective API, a widely used toxicity detection tool, created by Jigsaw and available at https://x.com", False),
        ("Code at https://github.com/google-research/adapter-bert", True),
        ("FlashAttention code is available at https://github.com/HazyResearch/flash-attention", True),
        ("Our tool, built by the first author, is released at https://github.com/a/b.", True),
        ("Intrinsic models can be found in other XAI applications acting as surrogate models.", False),
        ("Numerous datasets, curated by the scientific community, are available for this benchmarking.", False),
        ("Code and models can be found on our project page.", True),
        ("The dataset files are uploaded to Amazon S3 and can be downloaded publicly.", True),
        ("The repository can be found in https://github.com/a/b", True),
        ("While key metadata is available for every case, there is some missing data on other fields.", False),
    ],
)
def test_availability_needs_an_artifact_offered_to_the_reader(sentence: str, offered: bool) -> None:
    assert is_availability(sentence) is offered


@pytest.mark.parametrize(
    ("sentence", "kind", "spoken", "role"),
    [
        ("Generative game engines have the potential to revolutionize game development.", "abstract", False, "background"),
        ("However, existing memory systems often introduce substantial overhead.", "abstract", True, "background"),
        ("Despite numerous efforts, no single algorithm performs consistently well.", "abstract", True, "background"),
        ("Despite being trained on synthetic data, FooNet outperforms the baselines on BarQA.", "abstract", True, "result"),
        ("Despite being trained on synthetic data, FooNet outperforms the baselines on BarQA.", "abstract", False, "background"),
        ("While recent methods outperform classical ones, they remain slow.", "abstract", True, "background"),
        ("However, existing detectors outperform humans only on short texts.", "abstract", True, "background"),
        ("To this end, we introduce LightMem, a new memory system.", "abstract", False, "contribution"),
        ("Experiments on LongMemEval show that LightMem outperforms strong baselines.", "abstract", True, "result"),
        ("Our model achieves 28.4 BLEU on WMT 2014 English-to-German.", "abstract", True, "result"),
        ("We employ DropBlock regularization (5-20% by network depth) against overfitting.", "abstract", True, "method"),
        ("Next, a topic-aware short-term memory consolidates these groups.", "abstract", True, "method"),
        ("We hope our benchmark serves as a foundation for future work.", "abstract", True, "other"),
        ("Our current approach requires writing a new CUDA kernel for each variant.", "limitations", True, "limitation"),
        ("We discuss limitations of our approach in Appendix D.", "limitations", True, "other"),
        ("We did not evaluate FooNet on languages other than English.", "experiments", True, "limitation"),
        ("We do not observe the collapse problem and thus enjoy accuracy gains from depth.", "experiments", True, "result"),
        ("In contrast with prior work, we find that more than 20 neighbours does not improve FooNet.", "experiments", True, "result"),
        ("We do not use weight decay, and we train on a single node.", "experiments", True, "method"),
        ("We do not use weight decay, and we cannot train on more than one node.", "limitations", True, "limitation"),
        ("We validate important design choices by evaluating what happens when we do not include them.", "experiments", True, "method"),
        ("Similarly, we do not show the neighbours of the fourth chunk, as these condition nothing.", "experiments", True, "method"),
        ("Our proposed approach does not show much improvement on a single small dataset.", "conclusion", True, "limitation"),
        ("With these simplifications, we did not have to worry as much about the effects of hyper-parameters.", "experiments", True, "method"),
        ("We also demonstrate our analytical results by several concrete examples from knot theory.", "abstract", True, "method"),
        ("We demonstrate this approach using the finite group S4 in the quark sector.", "abstract", True, "method"),
        # Set D's misses, each rule on made-up text
        ("In this work, we extend the game to a setting with several tries.", "abstract", False, "contribution"),
        ("We empirically validate that FooNet resists attacks compared to baselines.", "abstract", True, "result"),
        ("Moreover, we were glad to discover that, after training, the robot plans ahead.", "abstract", True, "result"),
        ("Additionally, search-based agents offer promising cost ratios compared to older ones.", "abstract", True, "result"),
        ("The framework demonstrates robust generalization across unseen rooms.", "abstract", True, "result"),
        ("This cache significantly reduces the latency of decoding.", "abstract", True, "result"),
        ("2) FooNet adds a planner that orders the scenes, significantly reducing human effort.", "abstract", True, "method"),
        ("The merge approach provides a scalable solution for building small models.", "abstract", True, "other"),
        ("These results validate that text warm-up helps vision, offering a data-efficient paradigm.", "abstract", True, "other"),
        ("Second, synthetic pictures remain unreliable in depicting local customs.", "abstract", True, "result"),
        ("Second, synthetic pictures remain unreliable in depicting local customs.", "abstract", False, "background"),
        ("Existing detectors fail to catch paraphrased text.", "abstract", True, "background"),
        ("We open-source our complete pipeline to foster research.", "abstract", True, "availability"),
        # Set E's misses, each rule on made-up text
        ("These striking results highlight the value of our corpus for small planners.", "abstract", True, "other"),
        ("To avoid drift, we highlight the need for feedback and propose a checker.", "abstract", True, "method"),
        ("We highlight that the checker catches most drift.", "abstract", True, "result"),
        ("Then we add a search stage on long plans to further improve their accuracy.", "abstract", True, "method"),
        # Set G's misses, each rule on made-up text
        ("Our experiments showed that every planner made errors on long routes.", "abstract", True, "result"),
        ("The speedup of the sampler on a GPU cluster is demonstrated.", "abstract", True, "result"),
        ("We perturb the activations of trained models, finding that both encoders are robust.", "abstract", True, "result"),
        ("For most variants we give polynomial algorithms or establish that they are NP-hard.", "abstract", True, "result"),
        ("Our findings suggest that most students used the assistant well.", "abstract", True, "result"),
        ("These findings suggest a new research agenda for tutors.", "abstract", True, "other"),
        ("Overall, our work contributes to the growing body of literature on wireless sensing.", "abstract", True, "other"),
        ("In light of this, we report on the training of FooLM, our latest model.", "abstract", False, "contribution"),
        # Set H's misses, each rule on made-up text
        ("Next, we propose a scheduler that packs the requests of one tenant.", "abstract", True, "method"),
        ("Next, we propose a scheduler that packs the requests of one tenant.", "abstract", False, "contribution"),
        ("We introduce a Frequency Mixing (FM) module that sharpens the global layout.", "abstract", True, "method"),
        ("Extensive empirical studies verify the effectiveness of the proposed measure.", "abstract", True, "result"),
        ("The observations indicate gains in fluency but a loss in reasoning.", "abstract", True, "result"),
        ("Attackers reuse tools already available on the host to stay unseen.", "abstract", False, "background"),
        ("Finally, we propose future research directions for the field.", "abstract", True, "other"),
        # Sets I-L's misses, each rule on made-up text
        ("We identify two unique challenges for attacks on driving agents.", "abstract", True, "background"),
        ("We conducted extensive experiments to validate the planner.", "abstract", True, "method"),
        ("This work contributes to the development of fair scoring models.", "abstract", True, "other"),
        ("Our findings indicate that the scores track the flares, offering valuable insights.", "abstract", True, "result"),
        ("We demonstrate how motion models can be extended to point clouds.", "abstract", True, "method"),
        ("The best results are obtained for models with few active experts.", "abstract", True, "result"),
        # Sets M and N's misses, each rule on made-up text
        ("Numerical examples on two benchmarks demonstrate the efficacy of our estimator.", "abstract", True, "result"),
        ("Our filters result in lower prediction error in every room.", "abstract", True, "result"),
        ("The proposed scheme has been experimentally validated on three sites.", "abstract", True, "result"),
        ("The current work demonstrates that transfer helps in some cases.", "abstract", True, "result"),
        ("We demonstrate the proposed method with a landmark detection task.", "abstract", True, "method"),
        ("These findings demonstrate the potential of graph models for triage.", "abstract", True, "other"),
        ("In this paper, a sparse estimator for several responses is proposed.", "abstract", False, "contribution"),
        # Sets O and P's misses
        ("Domain adaptation assumes labeled data are available in a source domain.", "abstract", False, "background"),
        ("Labeled data and code are available in a source archive.", "abstract", True, "availability"),
        ("Overall, our work positions DWNs as a pioneering solution for edge devices.", "abstract", True, "other"),
        # Set S's misses (2013 abstracts: the authors often speak without "we"), each rule on made-up text
        ("This paper considers a relay network in which many users exchange messages.", "abstract", False, "contribution"),
        ("This work studies the cost of feedback in broadcast channels.", "abstract", False, "contribution"),
        ("In this work, the interchange theorem is generalised to weighted trees.", "abstract", False, "contribution"),
        ("We undertook a study of memristor networks for music.", "abstract", False, "contribution"),
        ("The aim of this paper is to propose a circuit that copies a resistance.", "abstract", False, "contribution"),
        ("In the present work, a network view of following is taken.", "abstract", False, "contribution"),
        ("Numerical results are presented to verify the theoretical analysis.", "abstract", True, "method"),
        ("Numerical experiments are performed for impulsive noise to show the effectiveness of our method.", "abstract", True, "method"),
        ("Simulation results are given to confirm the superiority of the scheme over least squares.", "abstract", True, "result"),
        ("Finally, we demonstrate the performance of FooNet through a network simulator.", "abstract", True, "method"),
        ("It is shown that the proposed codes have five nonzero weights.", "abstract", False, "result"),
        ("It turns out that the proposed codes have five nonzero weights.", "abstract", True, "result"),
        ("It has been shown that deep networks memorise their labels.", "abstract", False, "background"),
        ("It has been shown that deep networks memorise their labels.", "abstract", True, "result"),
        ("The tree model vastly out-performs the flat model in a mobile setting.", "abstract", True, "result"),
        ("Our bound technique is likely to be applicable in other search problems.", "abstract", True, "other"),
        # Sets T and U's misses
        ("We compare the learner with two induction methods and show that it is much faster.", "abstract", True, "result"),
        ("Simulation supports the feasibility of the planner.", "abstract", True, "result"),
        # Set V's misses
        ("Our approach holds promise for improving accuracy on puzzle tasks.", "abstract", True, "other"),
        ("We also demonstrate our proposed low-rank smoothing technique on rainfall data.", "abstract", True, "method"),
        ("Notably, unlike existing control methods, ours needs a single proxy.", "abstract", True, "method"),
        ("Notably, the planner halves the cost.", "abstract", True, "result"),
        ("The study concludes that heat networks are a low-risk investment.", "abstract", True, "result"),
        ("The analytical results are corroborated numerically.", "abstract", True, "result"),
        # Set W's misses
        ("We will present experimental results to demonstrate the advantages of the planner.", "abstract", True, "method"),
        ("This paper is in the field of stochastic bandits.", "abstract", False, "background"),
        ("In this work, the simulator FooSim is used to implement the proposed network.", "abstract", False, "background"),
        ("The proposed method is found to be efficient in mining frequent itemsets.", "abstract", True, "result"),
        ("It compares favourably with logistic regression.", "abstract", True, "result"),
        ("We evaluate the codec on an ocean dataset, demonstrating superior compression ratios.", "abstract", True, "result"),
        # Set Y's misses
        ("Earlier studies indicated a gap between the promised and the actual benefits of fuzzing.", "abstract", True, "background"),
        ("Our upper bounds are based on algorithms that drive the verification of channels.", "abstract", True, "method"),
        ("We prove an upper bound on the regret of the planner.", "abstract", True, "result"),
        # Set Z's misses (economics, biology: a sole author, a theory or a dataset that shows)
        ("For a weak preference, I prove that continuity is equivalent to a closed order.", "abstract", False, "result"),
        ("I propose a model of trust between buyers and sellers.", "abstract", False, "contribution"),
        ("Type I error rates are controlled by most tests.", "abstract", False, "background"),
        ("Our theory shows that the selector is consistent.", "abstract", False, "result"),
        ("Based on the panel data, this paper shows that the intensity effect dominates.", "abstract", False, "result"),
        ("The calculation reveals an exponential factor in the kernel.", "abstract", True, "result"),
        # Cross-validated misses of sets A-ZA: an evaluation with its outcome, findings of physics abstracts, comparisons
        ("We conduct extensive experiments on three datasets, validating the effectiveness of the planner.", "abstract", True, "result"),
        ("We conduct extensive experiments on three datasets.", "abstract", True, "method"),
        ("We extensively evaluate ten open models, revealing a wide gap to the closed ones.", "abstract", True, "result"),
        ("Finally, we ran the relations on the generator and found that it is susceptible to noise.", "abstract", True, "result"),
        ("We experimentally demonstrate a twofold gain in the emission rate.", "abstract", True, "result"),
        ("Photoluminescence measurements of the dots revealed a polarization band gap.", "abstract", True, "result"),
        ("A temperature-dependent study of the peaks reveals a thermal distribution.", "abstract", True, "result"),
        ("An intense whistling is observed for some conditions.", "abstract", True, "result"),
        ("The adaptive filter has low latency, and is more robust than previous methods.", "abstract", True, "result"),
        ("The checker runs 12 times faster than the solver it replaces.", "abstract", True, "result"),
        ("The checker runs 2.5x faster and uses 25 × fewer states.", "abstract", True, "result"),
        # a PDF's flattened formula: "1 X" is a fraction and a sum sign, not a factor
        ("We define a batch version that updates the initialization to n φ ←φ + ϵ 1 X (eφi −φ) (5) n i=1 τi(φ).", "method", True, "method"),
        ("Previous measurements have shown that the film converts half of the light.", "abstract", True, "background"),
        ("We demonstrate how 3-point pose models can be extended to point clouds.", "abstract", True, "method"),
        ("We demonstrate how the planner cuts the travel cost by 30%.", "abstract", True, "result"),
        # Sets ZB and ZC (quant-ph, cond-mat): the authors say what they do with verbs no rule lists
        ("We derive fluctuation-response inequalities for Markov jump processes.", "abstract", False, "contribution"),
        ("Here, we fabricated arrays of germanene nanoribbons.", "abstract", False, "contribution"),
        ("As we are in the era of noisy devices, simulators are used.", "abstract", False, "background"),
        ("We hypothesize that the loss arises during the scan.", "abstract", False, "background"),
        ("Recently we proposed that dark matter is electrostatic energy.", "abstract", False, "background"),
        # Sets ZD and ZE (astro-ph, math)
        ("We have found signs of determinism in the light curve.", "abstract", True, "result"),
        ("We detected water at a signal-to-noise ratio of 3.5.", "abstract", True, "result"),
        ("Numerical results are given for two fracture networks, demonstrating convergence independent of their size.", "abstract", True, "result"),
        ("Unlike photoionization models, the simulations reproduce the Seyfert loci.", "abstract", True, "result"),
        ("This survey aims to guide future research on speculative decoding.", "abstract", True, "other"),
        ("We envisage that this survey catalyzes the evolution of segmentation systems.", "abstract", True, "other"),
        ("Our findings can serve as a roadmap for researchers in this field.", "abstract", True, "other"),
        ("In this roadmap, we critically evaluate several paths toward safe agents.", "abstract", False, "contribution"),
        ("In previous work, we found a slight energy increase in the resonance.", "abstract", True, "background"),
        ("In a recent paper [A. Bee, Phys. Rev. D83, 015009 (2011)] it is shown that the charges are quantised.", "abstract", True, "background"),
        ("In our earlier papers, it was shown that the flow is stable.", "abstract", True, "background"),
        ("We estimate J = 14.0 +- 0.3 and H = 13.5 +- 0.2 mag for the companion.", "abstract", True, "result"),  # a value and its error
        ("The spectral index of the inner region is $-2.67\\pm0.05$.", "abstract", False, "result"),
        ("Earlier measurements gave a mass of 173.1 ± 0.6 GeV.", "abstract", True, "background"),
        # a proved statement named by its kind is a result once the authors have said what the paper is about ...
        ("We also establish sharp upper and lower bounds for the first eigenvalue.", "abstract", True, "result"),
        ("As a byproduct we obtain an explicit formula for the heat kernel.", "abstract", True, "result"),
        # ... and the paper's lead when it opens the abstract
        ("We establish sharp upper and lower bounds for the first eigenvalue of the Laplacian.", "abstract", False, "contribution"),
        ("We further discuss how quantum states can surpass classical limits.", "abstract", True, "method"),
        # what a table or figure displays is not a finding; what the authors show in it is
        ("We show in Table 2 an evaluation comparing this recipe against (1) a RoBERTa model and (2) Grobid.", "experiments", True, "method"),
        ("In Figure 2 we show descriptor explanations generated for a molecule that permeates the BBB.", "experiments", True, "method"),
        ("We show in Table 2 that FooNet outperforms the baselines on BarQA.", "experiments", True, "result"),
        ("In Table 4 we report the accuracy, which is 5% higher than the baseline's.", "experiments", True, "result"),
        # an evaluation "yielding" an outcome is a result; yielding the quantities it computes is not
        ("For this experiment, we used four mini-batches in each inner loop, yielding gradients g1, g2, g3 and g4.", "experiments", True, "method"),
        ("We run experiments on five datasets, yielding consistent gains over the baselines.", "abstract", True, "result"),
        # a setting is no finding, whatever its numbers; setting a new state of the art is one
        ("For Adam we set the momentum to 0 because we found that momentum reduced performance.", "experiments", True, "method"),
        ("We split all cases into train (70%), dev (10%) and test (20%).", "experiments", True, "method"),
        ("Cells were then plated on glass coverslips with 10% fetal calf serum.", "method", True, "method"),
        ("The embedding dimension was set to 100, which gave 3% higher accuracy than 50.", "experiments", True, "method"),
        ("We set a new state of the art on BarQA with 71.2% accuracy.", "experiments", True, "result"),
        ("We found that if we start with a coupled action, the two frames agree.", "abstract", True, "result"),
        # a size is not a speed-up
        ("Our pooling uses a 4×4 window with a stride of 4.", "experiments", True, "method"),
        ("FooNet runs 3× faster than the baseline.", "experiments", True, "result"),
        # what the work set out to do
        ("The main goal of Study 1 was to validate this approach against three baselines.", "experiments", True, "method"),
        ("Our focus is to support models with 10x more parameters than the state of the art.", "intro", True, "contribution"),
        ("We show that when one's goal is to estimate an effect, this parametrization fails.", "abstract", True, "result"),
        # a thing defined, or a question asked, in the body finds nothing
        ("GPT-3 is a pretrained model that has obtained state-of-the-art results on many tasks [18].", "experiments", True, "background"),
        ("In general, the kappa score evaluates the agreement from -1 to 1.", "experiments", True, "background"),
        ("RQ3 - Do we observe a difference in comprehension when participants use FooNet?", "experiments", True, "background"),
        ("In the present work we ask: does the sample cover all posts?", "abstract", False, "contribution"),  # the paper's own question
        # a table pointed at, with no outcome said
        ("The state-of-the-art results for the benchmark are shown in Table 14.", "experiments", True, "method"),
        ("We show how state-of-the-art models currently perform in Section 3.3.", "experiments", True, "method"),
        # Sets ZZG and ZZH's misses: a proof drawn as a consequence, a result named as the paper's central one
        ("We hence prove a separation between the two circuit classes.", "abstract", True, "result"),
        ("One of the central results is that the transitions can be switched by the field.", "abstract", True, "result"),
        ("We hence consider a second class of circuits.", "abstract", True, "method"),
        # a finding credited to others by name or citation is background, however sure its wording; the paper's own is not
        ("Lov\\'asz and Szegedy showed that every convergent sequence of graphs has a limit.", "abstract", True, "background"),
        ("Chakraborty et al. [ISAAC 2024] proved that both problems admit matching lower bounds.", "abstract", True, "background"),
        ("Fujimoto proved that there exists an integer $l_0$ such that the mappings agree.", "abstract", True, "background"),
        ("Among other results in this field, they proved that the set of such orders is a poset.", "abstract", True, "background"),
        ("For a two-bridge knot, it was shown in [KM] that the variety has an irreducible component.", "abstract", True, "background"),
        ("The generating function was obtained by Flajolet and Sedgewick in 2009.", "abstract", True, "background"),
        ("Indeed, Han, Hu, Ping, Wang, Wang and Yang in 2024 proved that every such graph is Hamiltonian.", "abstract", True, "background"),
        ("We prove that Smith and Jones's bound is sharp for every $n$.", "abstract", True, "result"),
        ("Results show that FooNet is 3x faster than the baseline.", "abstract", True, "result"),
        ("GPT-4 and LLaMA showed a 12% drop in accuracy under our perturbations.", "abstract", True, "result"),
    ],
)
def test_role_of_a_sentence(sentence: str, kind, spoken: bool, role: str) -> None:
    assert role_of(sentence, kind, spoken) == role


@pytest.mark.parametrize(
    ("sentence", "shortcoming"),
    [
        # a past negation in a relative clause describes a thing, not what the work lacks
        ("On the other hand, our new test set shows almost no leakage (documents that did not exist at training time).", False),
        ("Finally, we tried several extensions to the memory that did not yield a boost.", False),
        ("We do not report the upper bounds in Table 3, as most of them are zero.", False),  # a presentation choice
        ("We first notice that most authors have not considered all instances.", False),  # a finding about others
        ("Our parser fails on pages that do not hold any text.", True),  # the work's own failure, whatever the clause
        ("Our current model does not handle tables that span two pages.", True),
        # an aside in brackets is no limit of the claim around it
        ("Moreover, our method also performs better than MT-DPR even when it is pretrained on PAQ (a task we leave for future work).", False),
        ("Our method cannot read scanned pages (those without a text layer).", True),
    ],
)
def test_a_limitation_outside_a_limitations_section_is_the_works_own(sentence: str, shortcoming: bool) -> None:
    assert (role_of(sentence, "experiments", True) == "limitation") is shortcoming


def test_the_items_of_a_list_of_observations_are_results_and_a_keywords_line_is_dropped() -> None:
    found = label("We propose FooNet, a reasoner. Our key observations include: (1) applying RL to chat models often yields trivial traces, "
                  "and (2) a naive length reward does not elicit longer reasoning. Keywords: reasoning, reinforcement learning", reviewed=False)
    assert [(s.text, s.role) for s in found] == [
        ("We propose FooNet, a reasoner.", "contribution"),
        ("applying RL to chat models often yields trivial traces", "result"),
        ("a naive length reward does not elicit longer reasoning.", "result"),
    ]


def test_before_the_authors_speak_a_sentence_is_background_after_it_method() -> None:
    roles = [s.role for s in label(
        "Long videos are costly to generate with full attention. We propose MoGA, a sparse attention. "
        "A lightweight router matches tokens without blockwise estimation.", reviewed=False)]
    assert roles == ["background", "contribution", "method"]


@pytest.mark.parametrize(
    ("title", "kind"),
    [("Abstract", "abstract"), ("1 Introduction", "intro"), ("4 Methodology", "method"), ("5.3 Main results", "experiments"),
     ("6 Limitations", "limitations"), ("7 Conclusion", "conclusion"), ("2 Related Work", "skip"), ("References", "skip"),
     # a hypothetical user's story ("She also notices that it was highly cited") reports no result of the paper
     ("4.2 Example User Scenario", "skip"), ("4 Vignette: Building a QA System", "skip")],
)
def test_section_kind_by_title(title: str, kind: str) -> None:
    assert section_kind(title) == kind


@pytest.mark.parametrize(
    ("name", "caption", "place"),
    [("Figure 1", "Overview of our framework: the crawler and the selector.", "innovation"),
     ("Figure 3", "Return and value function loss curves during PPO training.", "experiments"),
     ("Table 2", "Statistics of the dataset.", "experiments"),
     ("Figure 5", "A photo of the lab.", "other"),
     # the opening names what the figure shows; the architecture named further on is the setup behind the plot
     ("Figure 3", "Figure 3: Evaluations of FooZero on Go (A) and chess (B). (A) Scaling with search time, with the "
                  "network architecture of Section 4.", "experiments"),
     ("Figure 4", "FIG. 4. Throughput per GPU.", "experiments"),
     ("Figure 6", "Fig. 6. The decoding error rate varies with the block size.", "experiments"),
     ("Figure 7", "Figure 7: Overview. Loss curves of the encoder appear in Figure 8.", "innovation"),
     # training is what a method does, not a result shown: only its curves, losses or scores are
     ("Figure 1", "Figure 1: Planning, acting, and training with a learned model. (A) How FooZero plans.", "other"),
     ("Figure 2", "Figure 2: The Pathways system scales training across two TPU v4 pods.", "other")],
)
def test_a_figure_is_placed_by_its_caption(name: str, caption: str, place: str) -> None:
    assert figure_place(name, caption) == place


def test_a_system_introduced_with_its_repository_link_counts_as_the_authors_speaking() -> None:
    found = label("Federated learning wastes bandwidth. This article introduces FooFL (https://github.com/a/foofl), "
                  "a client selection scheme. Experimental evaluations show that FooFL minimizes the overheads.", reviewed=False)
    assert [s.role for s in found] == ["background", "availability", "result"]


def test_sentences_a_feed_glued_together_are_cut_apart_and_quoted() -> None:
    glued = ".".join(["We propose FooNet, a sparse attention model for very long videos of robots in kitchens"] +
                     [f"Experiment {n} on the kitchen benchmark shows FooNet beats the dense baseline by {n} points" for n in range(2, 11)])
    assert len(glued) > 700
    found = [s for s, _, _ in split(glued)]
    assert found[0] == "We propose FooNet, a sparse attention model for very long videos of robots in kitchens."
    assert len(found) == 10 and found[-1].endswith("by 10 points")
    ordinary = "The U.S.Army funds the lab in Ohio. We study its grants.See the site."
    assert [s for s, _, _ in split(ordinary)] == ["The U.S.Army funds the lab in Ohio.", "We study its grants.See the site."]


def test_an_item_of_a_list_told_over_several_sentences_plays_the_role_its_other_items_share() -> None:
    abstract = (
        "We introduce FooBench, a benchmark for video understanding. "
        "First, it asks models to apply domain knowledge, moving beyond the perception current benchmarks assess. "
        "Second, each example is annotated by human experts from scratch. "
        "Finally, each example is enriched with expert-written rationales."
    )
    roles = [s.role for s in label(abstract, reviewed=False)]
    assert roles == ["contribution", "method", "method", "method"]
    # items that disagree among themselves keep their own roles, and without a "First" there is no list
    mixed = abstract.replace("Finally, each example is enriched with", "Finally, FooBench outperforms all baselines on")
    assert [s.role for s in label(mixed, reviewed=False)][1] == "background"
    for unlisted in (abstract.replace("First, it asks", "It asks"), abstract.replace("First, it asks", "First-order models ask")):
        assert [s.role for s in label(unlisted, reviewed=False)][1] == "background", unlisted
