"""Sentences of a paper and what each one does: background, contribution, method, result, availability, limitation,
other. Every quote in a report is one of these sentences (the extractive engine, the digest, the list of papers).

Pure: text and section titles in, labelled sentences out. The role comes from where the sentence stands (which
section, before or after the authors first speak, inside a contribution list) and from how it is worded, so the
extractive engine can fill each report field from sentences that do that field's job.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, replace
from typing import Literal

from paperdigest.availability import URL, is_availability
from paperdigest.models import Section
from paperdigest.splitting import split
from paperdigest.wording import ANNOUNCED, HEDGED_START, METHOD_WORDING, OWN_VOICE, STRONG_FINDING, any_word, others_finding, unstated_outcome

Role = Literal["background", "contribution", "method", "result", "availability", "limitation", "other"]
Kind = Literal["abstract", "intro", "method", "experiments", "limitations", "conclusion", "other", "skip"]


SECTION_KINDS: tuple[tuple[Kind, re.Pattern[str]], ...] = (
    ("skip", re.compile(r"reference|bibliograph|acknowledg|related work|background|prior work|appendix|checklist|impact statement|author|prompt|scenario|vignette|walk-?through", re.I)),
    ("limitations", re.compile(r"limitation|broader impact|failure|weakness", re.I)),
    ("conclusion", re.compile(r"conclu|discussion|future|summary", re.I)),
    ("experiments", re.compile(r"experiment|result|evaluat|benchmark|ablation|empirical|analys[ie]s|comparison|performance", re.I)),
    ("intro", re.compile(r"introduction|contribution|overview of (this|the) paper", re.I)),
    ("method", re.compile(r"method|approach|model|architecture|framework|preliminar|formulation|design|algorithm|overview|training|system|objective|\bour\b", re.I)),
)

_BACKGROUND = re.compile(
    r"^(recent(ly)?|existing|current(ly)?|traditional(ly)?|conventional|previous|prior|earlier|past|most|many|typically|in recent years)\b"
    r"|\b(existing|prior|previous|earlier|conventional|traditional|current) (work|method|approach|model|system|benchmark|technique|solution|stud(y|ies))s?\b"
    r"|\b(remains?|remained) (an? )?(open|challenging|underexplored|unclear|difficult|elusive|limited)|\bhas (long )?been\b|\bhave (been|shown|achieved|emerged)\b",
    re.I,
)
_CONTRIBUTION = re.compile(
    r"\b(we|I|this (paper|work|study|survey|article|letter|note|chapter)|here,? we|in this (paper|work),? we)\s+(?:also |further |first |then |additionally )?"
    r"((propose|introduce|present|develop|release|construct|build|curate|contribute|design|create|establish|offer|argue|put forward|pioneer|"
    r"explore|investigate|revisit|examine|consider|address|tackle|analy[sz]e|characteri[sz]e|reports? on)s?|stud(y|ies)|focus(es)? on|deals? with|looks? at|undert(ake|akes|ook) (a|an|the))\b"
    r"|^in this (paper|work|study|report),? we\b|\b(is|are) (here |hereby )?(proposed|introduced|presented|developed|described|studied|investigated)\b(?! (by|in) )|\b(our|the) (main|principal|key|primary) contributions?\b|\bthis (survey|paper|work|study|position paper) (traces|presents|introduces|proposes|investigates|argues)"
    r"|^[A-Z][\w\s.-]{0,60}\b(introduces|presents|proposes|releases)\b",
    re.I,
)
_RESULT = re.compile(
    r"\b(experiments?|results?|findings|observations?|investigations?|measurements?|study|simulations?|numerical examples|evaluations?|ablations?|studies|analys[ie]s|evaluators|case studies|user (study|testing)|empirically|calculations?|theory)\b[^.]{0,80}\b"
    r"(show(s|ed|n)?|demonstrat(es?|ed)|indicat(es?|ed)|reveal(s|ed)?|confirm(s|ed)?|highlight(s|ed)?|suggest(s|ed)?|prov(es?|ed|en)|validat(es?|ed)|verif(y|ies|ied)|concur(s|red)?|support(s|ed)?|reproduce[sd]?)\b"
    r"|(?<!\bto )(?<!\bto further )(?<!\bto also )\b(outperform|surpass|beat|exceed|match|rival|improv|boost|reduc|cut|accelerat|achiev|deliver|reach|attain|obtain|scor)\w*\b[^.]{0,120}"
    r"(state[- ]of[- ]the[- ]art|sota|baselines?|\d|by a (large|wide) margin|performance|accuracy|competitive|gains?|new standard|over|than|win rate|"
    r"highest|lowest|best)\b"
    r"|\b(out-?perform|surpass)\w*|^(as a result|consequently|overall|notably|crucially),(?! unlike\b)"
    r"|\bsets? (a )?new (state|standard|record|sota)|\b(we|our (results?|analysis|study|findings?)) (have |had )?((also|further|finally|then|first|\w+ly) )?(find|found|observed?|detected|show(ed)?|demonstrated?|reveal(ed)?|identif(y|ied)|uncover(ed)?|confirm(ed)?|discover(ed)?)s?\b"
    r"|\b(discover|notice|conclude)(s|d|ed)? that\b|\b(is|are|was|were) (also )?(shown|proven|found) to (be|have|yield|achieve|outperform|converge|improve)\b|\bcompares? favou?rably\b|\b(we|and) (\w+ly )?(validated?|verif(y|ied)|confirmed?|find|found|show(ed)?|demonstrated?|highlight(ed)?|prove[dn]?|observed?) that\b|\b(observations|findings|insights|lessons|takeaways) (include|are)\b"
    r"|\b(significantly|substantially|dramatically|considerably|markedly|greatly) (improv|reduc|enhanc|boost|increas|accelerat|lower)(es|s|ed|d)\b"
    r"|\bwin rate\b|\b(is|are|was|were) (also |\w+ly )?observed\b|\d+(\.\d+)?(\s?\\?%|x\b|\s?×(?!\s?\d)| percent| points)|\b(provides?|offers?|yields?|delivers?) (a |an )?(superior|better|stronger|promising|competitive)\b|\bkey finding\b|\b(better|higher|lower|faster|stronger|superior|more|less|fewer)\b[^.]{0,80}\bcompared (to|with)\b"
    r"|\b(better|higher|lower|faster|stronger|superior|more [\w-]+|less [\w-]+|fewer [\w-]+) than (the |all |any |many |most )?(other|existing|previous|prior|"
    r"baselines?|state-of-the-art|conventional|competing|current|traditional|standard|classical)\b"
    r"|\d(\$?\\times\$?| times) (faster|slower|more|less|higher|lower|larger|smaller|fewer|better|speed-?up|reduction|improvement)\b|\bshows? an? (clear |significant |consistent )?advantage"
    r"|\b(proves?|proved) (critical|crucial|effective|essential)|, finding that\b|\b(is|are|was|were|has been|have been) (experimentally |empirically |numerically )?(validated|demonstrated|confirmed|verified|corroborated)\b"
    r"|\bwe (also |further |then |hence |thus |therefore |finally )?prove\b|\b(main|central|key|principal|major) (results?|findings?) (of [^.]{0,40})?(is|are) that\b|\bNP-hard(ness)?\b|(?<!derive the )\b(lower|upper|tight) bounds?\b(?! (are|is) based\b| technique)|\bdemonstrat\w* (significantly |substantially )?(enhanced|improved|superior|better|strong|stronger|robust|remarkable|impressive|exceptional)"
    r"|\b(best|better|strongest) results (are|were) (obtained|achieved)\b|\bresults? in (a |an )?(significant|substantial|low|lower|high|higher|better|improved|reduced)\b",
    re.I,
)
# "This paper considers ...", "In this work, the theorem is generalised ...": the authors speak without saying "we".
_OWN_LEAD = re.compile(
    r"^(in )?(this|the present) (paper|work|study|article|letter|note|(book )?chapter|report)\b(?![^.]*\b(is|are) (used|employed|adopted|utili[sz]ed)\b)(?! is (in|about|part of)\b)"
    r"|^the (aim|goal|purpose|objective) of (this|the present) (paper|work|study|article|letter|note|chapter|report) is\b",
    re.I,
)
# "We conduct extensive experiments, validating the effectiveness of ...": an evaluation with what came of it; what
# "yielding" gives must be an outcome ("yielding higher success rates", not "yielding gradients g1, g2").
_EVALUATED = re.compile(
    r"\b(experiments?|evaluat\w*|simulations?|benchmark\w*|datasets?|test(s|ed)?|case stud(y|ies)|user stud(y|ies)|analys[ie]s|assess\w*|validat\w*|results)\b[^.]*?"
    r"(,|;|\band)\s+(\w+ly )?(demonstrating|showing|revealing|validating|confirming|achieving|yielding(?= ([\w-]+ ){0,3}(higher|lower|better|"
    r"improved|superior|significant|substantial|consistent|gains?|improvements?|speed-?ups?|state-of-the-art|\d))|indicating|proving|highlighting|"
    r"exposing|attaining|surpassing|outperforming)\b",
    re.I,
)
# "It is shown that ...", "It turns out that ...": a finding in the passive voice.
_IMPERSONAL_FINDING = re.compile(
    r"\bit (?P<tense>is|was|has been|can be) (also )?(?P<verb>shown|proved|proven|established|found|observed|demonstrated) that\b"
    r"|\bit turns out that\b",
    re.I,
)
# "We employ DropBlock (5-20% by depth)": how the work was done, even with a number in it.
_METHOD_START = re.compile(
    r"^(\w+ly,? |then,? |first,? |next,? |to \w+[^,]{0,80}, )?we (\w+ly |first |then |also |further )?(use|employ|adopt|apply|train|fine-?tune|combine|"
    r"integrate|unify|collect|curate|gather|generate|sample|design|implement|incorporate|leverage|build|construct|validate|evaluate|test|conduct(ed)?|perform(ed)?)\b",
    re.I,
)
_OTHER = re.compile(
    r"\b(we (hope|believe|envision|envisage|anticipate)|aims? to (support|facilitate|foster|inspire|guide)|(outlines?|provides?|offers?|serves? as) an? roadmap|represents? (an? )?(significant |important |major )?(advance(ment)?|step forward)|pav(e|es|ing) the way|lay(s|ing)? the (groundwork|foundation)|"
    r"serve as a foundation|opens? (up )?(an? |new )|underscores?|these findings suggest|establish (a|an) (clear )?research agenda|foster reflection|"
    r"research agenda|marking the transition|serves? to|(establish(es)?|positions?) (it|them|\w+) as|could be extended|(new|novel) paradigm|significant milestone|"
    r"valuable (findings|insights)|testbed|testing ground|(demonstrat|show)\w* the (potential|promise) of)\b"
    r"|^(our|these|this|such) ([\w-]+ ){0,2}(findings?|results?|work) (establish|suggest(?! that)|underscore|highlight|open|provide|extend)|\bfuture (research )?directions\b"
    r"|\bcontribut(e|es|ing) to (the )?(growing |existing |broader )?(body of |advancement of |development of |field|literature|understanding)"
    r"|\b(is|are) (likely|expected) to be (applicable|useful|of (use|interest))\b|\bholds? (great |much |significant )?promise\b",
    re.I,
)
# "We discuss limitations in Section 6", "Related work is given in Appendix A": about the paper, not its limits.
_META = re.compile(r"\b(we discuss|are discussed|is given in|see (section|appendix)|in (section|appendix) [\dA-Z])", re.I)
_LIMITATION = re.compile(
    r"\b(our (current )?(approach|method|model|implementation|analysis|study|work)\b[^.]{0,60}\b(requires|relies on|assumes|is (limited|restricted|only))|"
    r"^this requires|may (also )?not (be|generalize|transfer)|not (be )?transferr?able|"
    r"(is|are) (expensive|costly|slow)|we (do|did|have) not|limitations?|limited (to|by|in)|(does|do|did|could|can) not|cannot|fails? (to|on|for|when)|struggles?|future work|left for future|"
    r"remains? (challenging|open|an open)|drawbacks?|restricted to|only (applies|works|evaluated|tested)|not (yet )?(explored|address|evaluated|considered))\b",
    re.I,
)
# "We also prove sharp bounds ...", "As a byproduct we obtain an explicit formula ...": in an abstract, after its lead, a
# proved statement named by its kind is a result (mathematics states its results so): 49 times in 55 in the labelled sets.
_PROVED = re.compile(
    r"\b(we|paper|article|note|work) (also |then |further |first |finally )?(prove|establish|obtain|derive|give|determine|compute|find|provide)s?\s+"
    r"(a |an |the |some |new |several |two |three |sharp |sharper |optimal |explicit |precise |exact |upper |lower |necessary |sufficient |and |"
    r"general |uniform |improved |asymptotic |complete |full )*(bounds?|estimates?|inequalit(y|ies)|formulas?|formulae|conditions?|"
    r"characteri[sz]ations?|classifications?|theorems?|asymptotics?|expressions?|criteri(on|a)|descriptions?|solutions?|rates?|limits?|values?|equivalences?)\b",
    re.I,
)
# "M = 2.4 +/- 0.2", "$-2.67\pm0.05$": a value with its uncertainty is what a measurement or fit found.
_MEASURED_VALUE = re.compile(r"\d\s*(±|\+-|\+/-|\$?\\pm\$?)\s*\$?\d")
# "We do not observe the degradation problem": a problem that did not show up is a finding, not a shortcoming.
_NOT_OBSERVED = re.compile(r"\b(do|does|did|have|has) not (observe|see|find|notice|detect|encounter|experience)d?\b", re.I)
# "We do not use weight decay", "it does not require labels", "we do not show the fourth chunk", "what happens when we
# do not include them": a design choice, an advantage, a presentation choice or an ablation, not a shortcoming.
_NOT_NEEDED = re.compile(r"\b(do|does|did) not (use|apply|employ|need|have to|require|rely on)\b|\bwe (do|did) not (show|plot|list|report)\b|\b(when|if) \w+ (do|does|did) not\b", re.I)
_DESCRIBED_BY_NOT = re.compile(r"\b(that|which|who) did not\b", re.I)
# "SEAL performs better than MT-DPR (..., a task we leave for future work)": an aside in brackets says no limit of the claim.
_ASIDE = re.compile(r"\([^()]*\)")
# "Despite being trained on synthetic data, PaSa outperforms ...": once an abstract's authors have spoken, a concession
# before a finding in so many words is the finding's (in the body, "While ..., additive attention outperforms ... [3]"
# is as often another paper's).
_CONCESSION = re.compile(r"(despite|although|though|while|whereas)\b", re.I)
# "Our findings indicate that ...": a finding, even when it goes on to "offer valuable insights".
_FINDING_THAT = re.compile(
    r"\b(our|the|these|this|current) (findings|results|experiments|outcomes|analys[ie]s|evaluations?|work|paper|study|research|theory|data(set)?|"
    r"simulations?|calculations?|estimates|model)\b[^.]{0,60}?\b(indicate|show|demonstrate|reveal|confirm)s? that\b"
    r"|(?-i:\bI) (also |further |then )?(prove|show|find|demonstrate) that\b",
    re.I,
)
# "We derive ...", "Here, we fabricate ...": the authors saying what they do, whatever the verb (not "as we know",
# "we need", "we are in the era of").
_WE_DO = re.compile(
    r"(?<!\bas )(?<!\bif )(?<!\bwhen )(?<!\bthat )(?<!\bare )(?<!\brecently )\bwe "
    r"(?!(are|were|have|had|can|cannot|could|may|might|need|must|should|would|will|do|did|know|currently|still|expect|hypothesi[sz]e|attribute)\b)",
    re.I,
)
# "We demonstrate our method on retinal scans": the method put to work, its outcome not said ("the effectiveness of" is).
_SHOWCASED = re.compile(
    r"\bwe (also |further |then |first |finally )?demonstrate (our|the proposed|this|these|the) (?!(effectiveness|efficacy|superiority|benefits?|"
    r"advantages?|utility|usefulness|robustness|potential|power)\b)([\w-]+ ){0,3}(method|approach|technique|framework|model|system|algorithm|"
    r"results?|performance|tool|pipeline)s? (on|with|using|in|through|by|via)\b",
    re.I,
)
# "For Adam we set β1 = 0", "We split all cases into train (70%) ...", "Cells were plated ... with 10% serum": how the work
# was set up, its numbers settings rather than findings ("we set a new state of the art" is a finding).
_SETUP = re.compile(
    r"\bwe (\w+ly |then |also |first )?(set(?! (a )?new\b)|split|start(ed)?|stop(ped)?|remov(e|ed)|exclud(e|ed)|discard(ed)?|recruit(ed)?|ask(ed)?)\b"
    r"|\b(is|are|was|were) (then |first |also )?(set to|split into|plated|grown|seeded|cultured|incubated|washed)\b",
    re.I,
)
# "The main goal of Study 1 was to validate ...", "our focus for this implementation is to support ...": what the work set
# out to do, whatever numbers it names. Only its own goal ("a long-term goal of AI research is to ..." is the field's), and
# not its "objective" ("the normal training objective is to maximize ..." defines the method).
_GOAL = re.compile(
    r"\b(our|my) ([\w-]+ ){0,2}(goal|aim|focus|purpose)s?\b[^.]{0,40}\b(is|was|are|were) to\b"
    r"|\b(goal|aim|focus|purpose) of (this|our|the present|(the )?(study|experiment|evaluation|analysis)( \d+)?)\b[^.]{0,40}\b(is|was) to\b",
    re.I,
)
# "We found that if we start with ...": the setting is part of the finding.
_FOUND = re.compile(r"^(\w+,? )?we (\w+ )?(find|found|observed?|show(ed)?|noted?) that\b", re.I)
# "In the present work we ask: does ...?": the question the paper sets itself, its contribution.
_ASKED = re.compile(r"\bwe (\w+ )?ask\b", re.I)
# "GPT-3 is a pretrained generative model released by OpenAI that has obtained ...": a thing defined, in the body.
_DEFINITION = re.compile(r"^(in general, )?(the )?[\w’'-]+( [\w’'-]+){0,3} (is|are) (a|an)\b|^in general,", re.I)
# "We identify two unique challenges for ...": the motivation, not a finding.
_CHALLENGES = re.compile(r"\bwe (first )?identify ([\w-]+ ){0,3}(challenges|problems|gaps|obstacles|issues)\b", re.I)
# A problem statement without the authors in it: "Another key challenge is the absence of ...".
_PROBLEM = any_word("challenges?", "gap", "lack", "absence", "bottleneck", "problem", "difficult(y|ies)", "shortcomings?")
# "The approach provides a scalable solution for ...", "..., offering a data-efficient paradigm": what it is worth.
_VALUE_CLAIM = re.compile(r"^(the|this|these|our|such)\b[^.]{0,160}\b(provid|offer|represent|demonstrat)\w* (a|an) ([\w-]+ ){0,3}(solution|paradigm|path|recipe|direction|avenue)s?\b", re.I)
# After the authors have spoken, a step of the method: "Next, we propose ...", "To this end, we first propose ...".
_STEP = re.compile(r"^((first(ly)?|second(ly)?|third(ly)?|next|then|finally|technically|specifically|concretely),? |to this end, )we (first |then |further )?(propose|introduce|design|develop|present)\b", re.I)
# ... or a part of it: "We introduce a Frequency Modulation (FM) module that ...".
_COMPONENT = re.compile(r"\bwe (also |further )?(propose|introduce|design|develop|present) an? ([\w()-]+ ){1,5}(module|block|layer|mechanism|loss|component|head|branch|regularizer|term)s?\b", re.I)
# After the authors have spoken, "synthetic images remain unreliable", "abilities ... fail to generalize" are findings.
_FAILING = any_word("fail(s|ed)? to", "remains? (unreliable|poor|inadequate)", "unreliable", "overfits?", "struggles? (to|with)")


@dataclass(frozen=True)
class Sentence:
    text: str
    section: str
    kind: Kind
    role: Role
    listed: bool = False  # an item of a bullet list or enumeration


def section_kind(title: str) -> Kind:
    """What a section is for, by its title ('4.2 Crawler' under '4 Methodology' is found by the caller)."""
    plain = re.sub(r"^[\dA-Z](\.\d+)*\.?\s+", "", title.strip())
    if plain.lower().startswith("abstract"):
        return "abstract"
    return next((kind for kind, pattern in SECTION_KINDS if pattern.search(plain)), "other")


def section_kinds(sections: list[Section]) -> list[Kind]:
    """Each section's kind in order: a subsection its title does not place ('4.2 Crawler') takes its parent's,
    and whatever lies under skipped back matter is skipped too."""
    kinds: list[Kind] = []
    parent: tuple[int, Kind] | None = None
    for section in sections:
        kind = section_kind(section.title)
        if parent and section.level > parent[0] and (kind == "other" or parent[1] == "skip"):
            kind = parent[1]
        elif not parent or section.level <= parent[0]:
            parent = (section.level, kind)
        kinds.append(kind)
    return kinds


def _impersonal_finding(sentence: str, spoken: bool) -> bool:
    """A finding in the passive voice ("it is shown that", "it turns out that"). Before the authors speak, "it has
    been shown that" or "it is found that" may report others' work; "it is shown that" is still theirs."""
    for found in _IMPERSONAL_FINDING.finditer(sentence):
        tense, verb = (found.group("tense") or "").lower(), (found.group("verb") or "").lower()
        if spoken or not tense or tense == "is" and verb not in ("found", "observed"):
            return True
    return False


def role_of(sentence: str, kind: Kind, spoken: bool) -> Role:
    """The role of one sentence; `spoken`: the authors have already said what they bring (its position)."""
    # Before the authors speak, "labeled data are available in a source domain" is the field's setting, not an offer.
    if is_availability(sentence) and (spoken or URL.search(sentence) or OWN_VOICE.search(sentence)):
        return "availability"
    if URL.search(sentence):
        return "other"
    if sentence.rstrip().endswith("?") and not _ASKED.search(sentence):  # it finds nothing: 30 of 35 in the labelled abstracts
        return "background"
    if _FINDING_THAT.search(sentence) and (spoken or kind == "experiments" or OWN_VOICE.search(sentence)):
        return "result"
    if _OTHER.search(sentence):
        return "other"
    if _GOAL.search(sentence) and not (_OWN_LEAD.match(sentence) or _FOUND.match(sentence)):
        return "method" if spoken and kind not in ("abstract", "intro") else "contribution"
    if kind not in ("abstract", "intro") and _DEFINITION.match(sentence) and not OWN_VOICE.search(sentence):
        return "background"
    if _LIMITATION.search(sentence) and not _META.search(sentence) and not _NOT_OBSERVED.search(sentence) and (
        kind == "limitations"
        # elsewhere, "we find that ... does not improve" is a finding, "we do not use ..." a choice, and "documents that
        # did not exist then" describe a thing
        or kind in ("conclusion", "experiments") and OWN_VOICE.search(sentence) and _LIMITATION.search(_DESCRIBED_BY_NOT.sub("", _ASIDE.sub("", sentence)))
        and not (STRONG_FINDING.search(sentence) or _NOT_NEEDED.search(sentence))
    ):
        return "limitation"
    if kind == "limitations":
        return "other"
    hedged = HEDGED_START.match(sentence)
    conceded = hedged and spoken and kind == "abstract" and _CONCESSION.match(sentence) and STRONG_FINDING.search(sentence.partition(",")[2])
    if hedged and not OWN_VOICE.search(sentence) and not conceded:
        return "background"
    proved = spoken and kind == "abstract" and _PROVED.search(sentence)  # a method section derives its tools so
    if (_MEASURED_VALUE.search(sentence) or proved) and not others_finding(sentence):
        return "result"
    if ANNOUNCED.search(sentence) or _SHOWCASED.search(sentence):  # "Results are presented to verify ...": no outcome
        return "method"
    if (_CONTRIBUTION.search(sentence) or not spoken and _OWN_LEAD.match(sentence)) and not hedged:
        return "method" if spoken and (_STEP.match(sentence) or _COMPONENT.search(sentence)) else "contribution"
    if _EVALUATED.search(sentence) and (spoken or OWN_VOICE.search(sentence)):
        return "result"
    if _VALUE_CLAIM.search(sentence):
        return "other"
    if (_METHOD_START.search(sentence) or _SETUP.search(sentence)) and not (STRONG_FINDING.search(sentence) or _FOUND.match(sentence)):
        return "method"
    if _CHALLENGES.search(sentence):
        return "background"
    if unstated_outcome(sentence):
        return "method"
    if others_finding(sentence):  # "In a recent paper [...] it is shown that ...": not this paper's finding
        return "background"
    if _impersonal_finding(sentence, spoken or kind == "experiments"):
        return "result"
    if (_RESULT.search(sentence) or _NOT_OBSERVED.search(sentence)) and (spoken or OWN_VOICE.search(sentence) or kind == "experiments"):
        return "result"
    if spoken and kind in ("abstract", "experiments") and _FAILING.search(sentence) and not _BACKGROUND.search(sentence):
        return "result"
    if not OWN_VOICE.search(sentence) and (not spoken or _BACKGROUND.search(sentence) or _PROBLEM.search(sentence) and kind != "method"):
        return "background"
    if kind == "experiments":
        return "method"
    if spoken or METHOD_WORDING.search(sentence):
        return "method"
    return "contribution" if _WE_DO.search(sentence) else "background"


def read_by_rules(text: str, section: str = "Abstract", kind: Kind = "abstract") -> list[Sentence]:
    """Every sentence and list item of a passage with the role the rules give it, in order: what the role model
    (`sentence_model`) reviews in an abstract, and learns from in the labelled ones. `reading.label` is the whole
    reading."""
    labelled: list[Sentence] = []
    spoken = kind not in ("abstract", "intro")
    for sentence, whole, listed in split(text):
        role = role_of(whole, kind, spoken)
        if listed and role in ("method", "background") and kind == "intro" and OWN_VOICE.search(sentence):
            role = "contribution"  # an item of the introduction's list of contributions
        # "This article introduces X (https://github.com/...)" is filed as availability, yet the authors have spoken.
        spoken = spoken or role in ("contribution", "method", "result") or bool(_CONTRIBUTION.search(whole))
        labelled.append(Sentence(sentence, section, kind, role, listed))
    return labelled


_ORDINAL = re.compile(r"^(first|second|third|fourth|fifth|finally|lastly)(ly)?\b(?!-)", re.I)  # not "First-order ..."


def in_sequence(sentences: list[Sentence]) -> list[Sentence]:
    """"First, ... Second, ... Finally, ..." is one list told over several sentences: an item read as background or
    other ("First, it challenges models to ... beyond what current benchmarks assess") plays the role all its other
    items share, as an enumerated item plays its sentence's."""
    sequences: list[list[int]] = []
    for number, sentence in enumerate(sentences):
        opening = _ORDINAL.match(sentence.text)
        if opening and opening.group(1).lower() == "first":
            sequences.append([number])
        elif opening and sequences:
            sequences[-1].append(number)
    roles = [s.role for s in sentences]
    for items in sequences:
        for number in items:
            others = {roles[i] for i in items if i != number}
            if roles[number] in ("background", "other") and len(others) == 1 and others <= {"contribution", "method", "result"}:
                sentences[number] = replace(sentences[number], role=others.pop())
    return sentences


def own_claims(sentences: list[Sentence], roles: tuple[str, ...]) -> list[Sentence]:
    """Sentences of these roles fit to open a bullet: not a concession ('However, ...') about others' work."""
    return [s for s in sentences if s.role in roles and not HEDGED_START.match(s.text)]


def own_method(sentences: list[Sentence]) -> list[Sentence]:
    """When no sentence says "we propose": the first in which the authors say what they do ("We explore ...")."""
    return [s for s in own_claims(sentences, ("method",)) if OWN_VOICE.search(s.text)][:1]
