"""The command's error lines in the reader's language.

An error is raised in English, as one f-string; here each such template has its Chinese form, and a message is
matched back to its template to be written in Chinese with its values kept (a path, a date, an option). The argument
parser's own usage errors are matched by pattern, as their wording is typer's (and click's before it).
`tests/test_error_text.py` checks that every template the package raises to the user has its Chinese form here.
"""

from __future__ import annotations

import re
from functools import cache

from paperdigest.render.labels import COMMAND_LINES, Phrases, translate

# English template, as raised (each {} one value) -> its Chinese form ({0}, {1}, ...: the values, in their order).
TEMPLATES = {
    "zh": {
        # the dates, sources and files a command is given (checks.py, pipeline.py, sources, taxonomy.py)
        "END is before START ({} < {})": "END 早于 START（{0} < {1}）",
        "{} to {} is {} days; a run covers at most {} (split it)": "{0} 至 {1} 共 {2} 天；一次运行最多 {3} 天（请拆分）",
        "{}: dates must be between {} and {}": "{0}: 日期须在 {1} 与 {2} 之间",
        "end {} is before start {}": "结束日期 {0} 早于开始日期 {1}",
        "give a start and end date for sources other than rss": "除 rss 外的来源需要开始和结束日期",
        "--source arxiv needs categories or keywords: {}config keys categories/keywords or PAPERDIGEST_CATEGORIES":
            "--source arxiv 需要分类或关键词: {0}配置项 categories/keywords 或 PAPERDIGEST_CATEGORIES",
        "unknown source {}; choose from {}": "未知来源 {0}；可选: {1}",
        "unknown arXiv category {} in {}; did you mean {}?": "{1} 中有未知的 arXiv 分类 {0}；是否想用 {2}？",
        "unknown arXiv category {} in {}": "{1} 中有未知的 arXiv 分类 {0}",
        "not an arXiv id: {}": "不是 arXiv 编号: {0}",
        "arXiv rejected the id: {}": "arXiv 拒绝了该编号: {0}",
        "{}: neither a PDF nor an HTML file; digest reads PDF or arXiv HTML files":
            "{0}: 既不是 PDF 也不是 HTML 文件；digest 读取 PDF 或 arXiv HTML 文件",
        # the command line's own checks (cli.py, cli_history.py, cli_send.py)
        "--out - prints JSON only: add --format json": "--out - 只输出 JSON：请加上 --format json",
        "--send sends a written report folder, not --out -": "--send 发送写好的报告文件夹，不能与 --out - 同用",
        "use --replay or --record, not both": "--replay 与 --record 只能用其一",
        "use --weeks or --since, not both": "--weeks 与 --since 只能用其一",
        "text or json": "text 或 json",
        "json or md": "json 或 md",
        "md, json or html": "md、json 或 html",
        "only json is supported": "只支持 json",
        "interrupted; rerun the same command to resume from the cache": "已中断；重新运行同一命令即可从缓存继续",
        "render writes a report folder: give --out DIR (the JSON itself is REPORT_JSON)":
            "render 写出一个报告文件夹：请给出 --out DIR（JSON 文件本身是 REPORT_JSON）",
        "{} holds no report.json (write the report with week, day, range or digest first)":
            "{0} 中没有 report.json（请先用 week、day、range 或 digest 写出报告）",
        "no reports in the history ({}) for that window": "历史记录（{0}）中没有该时间段的报告",
        "no reports in the history ({})": "历史记录（{0}）中没有报告",
        "no history entry {} (ids look like week-2025-01-20 or range-2025-03-10-2025-03-14)":
            "没有历史条目 {0}（编号形如 week-2025-01-20 或 range-2025-03-10-2025-03-14）",
        "no history entry {} in {} ({})": "{1} 中没有历史条目 {0}（{2}）",
        "no history entry {} in {}": "{1} 中没有历史条目 {0}",
        "failure notice via {}: {}": "通过 {0} 发送的失败通知: {1}",
        "sent: {}: {}": "已发送: {0}: {1}",
        "removed {}": "已删除 {0}",
        "aborted": "已中止",
        # writing
        "wrote {}": "已写入 {0}",
        "wrote {} files into {}": "已写入 {0} 个文件到 {1}",
        "wrote {} prompt(s) to {}": "已写入 {0} 个提示词到 {1}",
        "{} exists (use --force to overwrite)": "{0} 已存在（用 --force 覆盖）",
        "cannot write {} into {}: {}": "无法将 {0} 写入 {1}: {2}",
        "cannot write {}: {}": "无法写入 {0}: {1}",
        "cannot write the document to stdout: {}": "无法将文档写入标准输出: {0}",
        "cannot write the output to stdout: {}": "无法将输出写入标准输出: {0}",
        "cannot write the report into {}: {}": "无法将报告写入 {0}: {1}",
        "cannot write the trends into {}: {}": "无法将趋势写入 {0}: {1}",
        "cannot write the site into {}: {}": "无法将站点写入 {0}: {1}",
        "cannot write prompts to {}: {}": "无法将提示词写入 {0}: {1}",
        "cannot write to the cache folder {}: {}": "无法写入缓存文件夹 {0}: {1}",
        "no report of the history could be rendered: {}": "历史记录中没有可渲染的报告: {0}",
        "cannot remove {}: {}": "无法删除 {0}: {1}",
        "report not kept in the history ({}): {}": "报告未存入历史记录（{0}）: {1}",
        "history folder {} unreadable: {}": "历史记录文件夹 {0} 无法读取: {1}",
        "history entry {} skipped: {}": "已跳过历史条目 {0}: {1}",
        "larger than {} MB": "超过 {0} MB",
        "it says it is {}": "其中记录的编号为 {0}",
        "{} left out of the site: {}": "{0} 未收入站点: {1}",
        "{}: {}: image {} is not a file inside the report's folder or the figure cache; dropped":
            "{0}: {1}: 图像 {2} 不在报告文件夹或图表缓存中，已舍弃",
        "Equation ({})": "公式 ({0})",
        # reading
        "cannot read {}: {}": "无法读取 {0}: {1}",
        "cannot read replay manifest {}: {}": "无法读取回放清单 {0}: {1}",
        "{}:{}: expected 'URL<TAB>status<TAB>file', got {}": "{0}:{1}: 应为 'URL<TAB>status<TAB>file'，实为 {2}",
        "{}:{}: HTTP status {} is out of range": "{0}:{1}: HTTP 状态码 {2} 超出范围",
        "{}:{}: bad body file name {}: {}": "{0}:{1}: 正文文件名 {2} 无效: {3}",
        "{}:{}: body file {} is outside the manifest's folder": "{0}:{1}: 正文文件 {2} 不在清单所在的文件夹内",
        "{}:{}: body file {} is a folder": "{0}:{1}: 正文文件 {2} 是文件夹",
        "{} is not a paperdigest JSON report ({}: {})": "{0} 不是 paperdigest 的 JSON 报告（{1}: {2}）",
        "{} has schema {}; this paperdigest reads {}": "{0} 的模式版本为 {1}；本版 paperdigest 读取 {2}",
        "--lang {}: use one of {}": "--lang {0}: 请使用 {1} 之一",
        "{}: not a library file (expected {})": "{0}: 不是文献库文件（应为 {1}）",
        "{}: not a {} library: {}": "{0}: 不是 {1} 文献库: {2}",
        "{}: library file over {} MB": "{0}: 文献库文件超过 {1} MB",
        "library file not found: {}": "找不到文献库文件: {0}",
        "{}: cannot read library file: {}": "{0}: 无法读取文献库文件: {1}",
        "{}: no library entries with a title or an arXiv id{}": "{0}: 没有带标题或 arXiv 编号的文献库条目{1}",
        " ({} malformed)": "（{0} 条格式错误）",
        "no BibTeX entries": "没有 BibTeX 条目",
        "not a CSL-JSON list of items": "不是 CSL-JSON 条目列表",
        "no RIS records": "没有 RIS 记录",
        "no arXiv ids or URLs": "没有 arXiv 编号或链接",
        # configuration, templates and prompts
        "config file not found: {}": "找不到配置文件: {0}",
        "config {}: {}": "配置文件 {0}: {1}",
        "invalid settings ({}): {}": "设置无效（{0}）: {1}",
        "flags/env": "命令行参数/环境变量",
        "api_key_env names {}, but that environment variable is not set": "api_key_env 指定了 {0}，但该环境变量未设置",
        "--engine llm: no API key for {} (set the provider's key, api_key_env or --api-base)":
            "--engine llm: {0} 没有 API 密钥（请设置服务商的密钥、api_key_env 或 --api-base）",
        "template file not found: {}": "找不到模板文件: {0}",
        "invalid template name {} (a name like 'weekly' or a path to a .j2 file)":
            "模板名 {0} 无效（应为 'weekly' 这样的名称或 .j2 文件路径）",
        "no report template named {} ({}; built in: {})": "没有名为 {0} 的报告模板（{1}；内置: {2}）",
        "report.css not found in the template folders": "模板文件夹中找不到 report.css",
        "prompts folder not found: {}": "找不到提示词文件夹: {0}",
        "unknown prompt {}; known: {}": "未知的提示词 {0}；已有: {1}",
        "unknown prompt file(s) in {}: {}; known: {}": "{0} 中有未知的提示词文件: {1}；已有: {2}",
        "prompt {}: cannot read {}: {}": "提示词 {0}: 无法读取 {1}: {2}",
        "prompt {} ({}) uses unknown variable(s) {}; available: {}": "提示词 {0}（{1}）使用了未知变量 {2}；可用: {3}",
        "prompt {} ({}) needs both {% block system %} and {% block user %}":
            "提示词 {0}（{1}）需要同时包含 {% block system %} 和 {% block user %}",
        # what a source, a server or a file gave (the run's warnings)
        "hf {}: not JSON ({})": "hf {0}: 不是 JSON（{1}）",
        "hf {}: JSON nested too deeply": "hf {0}: JSON 嵌套过深",
        "hf {}: expected a list of papers, got {}": "hf {0}: 应为论文列表，实为 {1}",
        "{}: OAI error {}: {}": "{0}: OAI 错误 {1}: {2}",
        "{}: OAI-PMH answer without ListRecords": "{0}: OAI-PMH 应答中没有 ListRecords",
        "rss: not an archive or category name: {}": "rss: 不是分类或分类组名称: {0}",
        "{}: RSS without a <channel>": "{0}: RSS 中没有 <channel>",
        "{}: arXiv refused the feed: {}": "{0}: arXiv 拒绝了订阅请求: {1}",
        "{}: arXiv rejected the query: {}": "{0}: arXiv 拒绝了查询: {1}",
        "{}: arXiv kept returning an empty page ({} results expected)": "{0}: arXiv 一直返回空页（应有 {1} 条结果）",
        "arxiv: stopped at {} results; narrow the categories or keywords": "arxiv: 已在 {0} 条结果处停止；请缩小分类或关键词范围",
        "arxiv: give categories or keywords (a whole week of arXiv is too much)": "arxiv: 请给出分类或关键词（整周的 arXiv 论文太多）",
        "arxiv: no paper with id {}": "arxiv: 没有编号为 {0} 的论文",
        "{}: got an HTML page instead of XML ({})": "{0}: 收到的是 HTML 页面而不是 XML（{1}）",
        "{}: got a gzip-compressed body instead of XML": "{0}: 收到的是 gzip 压缩内容而不是 XML",
        "{}: expected <{}>, got <{}>": "{0}: 应为 <{1}>，实为 <{2}>",
        "{}: refused unsafe XML ({})": "{0}: 拒绝不安全的 XML（{1}）",
        "{}: malformed or truncated XML ({})": "{0}: XML 格式错误或不完整（{1}）",
        "refusing to fetch {}: not https": "拒绝获取 {0}: 不是 https",
        "refusing to fetch {}: host not on the allow-list": "拒绝获取 {0}: 主机不在允许列表中",
        "{}: body cut off {} times ({}: {})": "{0}: 响应正文 {1} 次被截断（{2}: {3}）",
        "{}: body of {} bytes exceeds the {} limit": "{0}: {1} 字节的响应正文超过 {2} 字节的上限",
        "{}: body exceeds the {} byte limit": "{0}: 响应正文超过 {1} 字节的上限",
        "{}: the response is not a {} ({}...)": "{0}: 响应不是 {1}（{2}...）",
        "{}: neither a PDF nor an HTML file": "{0}: 既不是 PDF 也不是 HTML 文件",
        "{}: {} bytes is over the {}-byte limit": "{0}: {1} 字节，超过 {2} 字节的上限",
        "{}: cannot read file ({})": "{0}: 无法读取文件（{1}）",
        "{}: damaged PDF ({})": "{0}: PDF 已损坏（{1}）",
        "{}: encrypted PDF (needs a password)": "{0}: PDF 已加密（需要密码）",
        "{}: PDF has no pages": "{0}: PDF 没有页面",
        "{}: {} pages is over the {}-page limit": "{0}: {1} 页，超过 {2} 页的上限",
        "{} malformed library entries skipped": "已跳过 {0} 条格式错误的文献库条目",
        "library: looking up the first {} of {} bare arXiv ids": "文献库: 只查询 {1} 个 arXiv 编号中的前 {0} 个",
        "library: arXiv ids not looked up ({}); ranking without them": "文献库: 未查询 arXiv 编号（{0}）；排序时不使用它们",
        "library: {}": "文献库: {0}",
        # delivery
        "unknown delivery channel {}; choose from {}": "未知的发送渠道 {0}；可选: {1}",
        '{}: no {} configured ([delivery.{}] {} = "ENV_VAR_NAME")': '{0}: 未配置 {1}（[delivery.{2}] {3} = "ENV_VAR_NAME"）',
        "{}: the environment variable {} ({}) is not set": "{0}: 环境变量 {1}（{2}）未设置",
        "{}: the webhook URL in {} must start with https:// (map a local one with endpoints)":
            "{0}: {1} 中的 webhook URL 必须以 https:// 开头（本地地址请用 endpoints 映射）",
        "telegram: no chat_id configured ([delivery.telegram] chat_id)": "telegram: 未配置 chat_id（[delivery.telegram] chat_id）",
        "email: no recipients ([delivery.email] to = [...])": "email: 没有收件人（[delivery.email] to = [...]）",
        "email: security = 'none' is allowed only for localhost, not {}": "email: security = 'none' 只允许用于 localhost，不能用于 {0}",
        "refused: {}": "被拒绝: {0}",
        "refused recipients: {}": "收件人被拒绝: {0}",
    },
}

# The argument parser's usage errors and the settings validator's words, by pattern: their wording is a library's.
PATTERNS = {
    "zh": (
        (r"No such option:? '?(?P<a>[^' ]+)'?\.?", r"没有选项 \g<a>"),
        (r" ?\(Possible options: (?P<a>[^)]*)\)", r"（可用的选项: \g<a>）"),
        (r" ?\(?Did you mean (one of: )?(?P<a>.*?)\?\)?", r"（是否想用 \g<a>？）"),
        (r"No such command '(?P<a>[^']*)'\.", r"没有命令 '\g<a>'。"),
        (r"Missing command\.", "缺少命令。"),
        (r"Missing argument (?P<a>'[^']*')\.", r"缺少参数 \g<a>。"),
        (r"Missing option (?P<a>'[^']*'(?: / '[^']*')*)\.", r"缺少选项 \g<a>。"),
        (r"(?P<a>'[^']*') does not match the formats? (?P<b>.+?)\.", r"\g<a> 不符合格式 \g<b>。"),
        (r"(?P<a>'[^']*') is not a valid int(eger)?( range)?\.", r"\g<a> 不是有效的整数。"),
        (r"(?P<a>'[^']*') is not a valid float( range)?\.", r"\g<a> 不是有效的数。"),
        (r"(?P<a>'[^']*') is not one of (?P<b>.+?)\.", r"\g<a> 不是 \g<b> 之一。"),
        (r"(?P<a>\S+) is not in the range (?P<b>.+?)\.", r"\g<a> 不在范围 \g<b> 内。"),
        (r"(File|Path) (?P<a>'.*?') does not exist\.", r"文件 \g<a> 不存在。"),
        (r"Directory (?P<a>'.*?') does not exist\.", r"目录 \g<a> 不存在。"),
        (r"(File|Directory|Path) (?P<a>'.*?') is a directory\.", r"\g<a> 是目录，而非文件。"),
        (r"(File|Directory|Path) (?P<a>'.*?') is a file\.", r"\g<a> 是文件，而非目录。"),
        (r"(File|Directory|Path) (?P<a>'.*?') is not readable\.", r"\g<a> 不可读。"),
        (r"(File|Directory|Path) (?P<a>'.*?') is not writable\.", r"\g<a> 不可写。"),
        (r"Option '(?P<a>[^']*)' requires an argument\.", r"选项 '\g<a>' 需要一个值。"),
        (r"Option '(?P<a>[^']*)' requires (?P<b>\d+) arguments\.", r"选项 '\g<a>' 需要 \g<b> 个值。"),
        (r"Option '(?P<a>[^']*)' does not take a value\.", r"选项 '\g<a>' 不接受值。"),
        (r"Got unexpected extra arguments? ?(\(s\))? \((?P<a>.*)\)", r"多余的参数（\g<a>）"),
        # pydantic's, inside "invalid settings (...): field: message; field: message"
        (r"Input should be greater than or equal to ", "取值应不小于 "),
        (r"Input should be less than or equal to ", "取值应不大于 "),
        (r"Input should be greater than ", "取值应大于 "),
        (r"Input should be a valid integer[^;]*", "取值应为整数"),
        (r"Input should be a valid number[^;]*", "取值应为数"),
        (r"Input should be a valid boolean[^;]*", "取值应为布尔值"),
        (r"Input should be (?P<a>'[^;]*') or (?P<b>'[^']*')", r"取值应为 \g<a> 或 \g<b>"),
        (r"Input should be ", "取值应为 "),
        (r"Extra inputs are not permitted", "不是已知的设置项"),
        (r"Value error, ", ""),
    ),
}

# A usage error's opening, before a message of its own ("Invalid value for --out: " and one of TEMPLATES).
OPENINGS = {"zh": ((r"Invalid value for (?P<a>.+?): ", r"\g<a> 的值无效: "), (r"Invalid value: ", "值无效: "))}

# The frame of a usage error: "Usage: ...", "Try '...' for help.", "Error: ...".
FRAME = {"zh": {"Usage:": "用法:", "help": "运行 '{command}' 查看帮助。", "Error:": "错误:"}}


@cache
def _compiled(lang: str) -> tuple[tuple[re.Pattern[str], str], ...]:
    """Each template as a pattern matching the whole message, its values as groups; the longest first, so that
    "cannot write the report into {}: {}" is tried before "cannot write {}: {}"."""
    templates = sorted(TEMPLATES.get(lang, {}).items(), key=lambda item: -len(item[0].replace("{}", "")))
    return tuple(
        (re.compile("(.*?)".join(map(re.escape, english.split("{}"))) + r"\Z", re.DOTALL), local)
        for english, local in templates
    )


def localised(message: str, lang: str, phrases: Phrases = COMMAND_LINES, paper: str | None = None) -> str:
    """The message in `lang`: its template's form there with each value localised in turn (one message often quotes
    another: "invalid settings (...): ..."). A message that opens with where it happened ("hf 2025-01-20: error: "
    and a source's error) has that opening's phrases replaced and its template's form after it. Else the message
    with its known `phrases` and library wordings replaced (the id of the `paper` it opens with kept)."""
    if lang not in TEMPLATES:
        return message
    whole = _template_form(message, lang, phrases)
    if whole is not None:
        return whole
    for english, local in OPENINGS.get(lang, ()):
        usage = re.match(english, message)
        if usage:
            return usage.expand(local) + localised(message[usage.end() :], lang, phrases)
    for opening in re.finditer(r": ", message):
        rest = _template_form(message[opening.end() :], lang, phrases)
        if rest is not None:
            return translate(message[: opening.end()], lang, paper, phrases) + rest
    for english, local in PATTERNS.get(lang, ()):
        message = re.sub(english, local, message)
    return translate(message, lang, paper, phrases)


def _template_form(message: str, lang: str, phrases: Phrases) -> str | None:
    for pattern, local in _compiled(lang):
        found = pattern.match(message)
        if found:
            values = [localised(value, lang, phrases) for value in found.groups()]
            return re.sub(r"\{(\d+)\}", lambda number: values[int(number.group(1))], local)
    return None
