"""Built-in wording of the letters the law requires; agencies may replace any of them ($variables)."""

REMEDIES = ("如对本答复不服，可以自收到本告知书之日起60日内向$review_body申请行政复议，"
            "或者自收到本告知书之日起6个月内依法向人民法院提起行政诉讼。")

LETTERS: dict[str, tuple[str, str]] = {
    "acknowledgment": ("政府信息公开申请受理回执", (
        "$applicant：\n"
        "本机关于$received收到您（单位）提出的政府信息公开申请（编号：$number），申请获取“$title”。"
        "本机关将依照《中华人民共和国政府信息公开条例》的规定办理，并于$due前作出答复。\n"
        "您可以凭申请编号和查询码在政府信息公开平台查询办理进度。")),
    "supplement_notice": ("补正申请告知书", (
        "$applicant：\n"
        "本机关于$received收到您（单位）提出的政府信息公开申请（编号：$number）。经审查，您的申请内容不明确，"
        "根据《中华人民共和国政府信息公开条例》第三十条的规定，请您对以下内容作出补正：\n$items\n"
        "请于$supplement_due前提交补正材料。答复期限自本机关收到补正后的申请之日起计算。"
        "无正当理由逾期不补正的，视为放弃申请，本机关不再处理该政府信息公开申请。")),
    "consultation_letter": ("征求意见函", (
        "$party：\n"
        "本机关收到关于“$title”的政府信息公开申请（编号：$number）。因该信息$consult_reason，"
        "根据《中华人民共和国政府信息公开条例》第$article条的规定，现书面征求你方意见。"
        "请于$window_end前书面回复；逾期未提出意见的，由本机关依照条例规定决定。")),
    "extension_notice": ("延期答复告知书", (
        "$applicant：\n"
        "本机关于$received收到您（单位）提出的政府信息公开申请（编号：$number）。因$extension_reason，"
        "不能在规定期限内作出答复。经本机关政府信息公开工作机构负责人同意，根据《中华人民共和国政府信息公开条例》"
        "第三十三条第二款的规定，答复期限延长$extension_workdays个工作日，延长后的答复期限为$due。")),
    "fee_notice": ("收费通知书", (
        "$applicant：\n"
        "您（单位）提出的政府信息公开申请（编号：$number）的数量、频次明显超过合理范围。根据《中华人民共和国政府信息公开条例》"
        "第四十二条和《政府信息公开信息处理费管理办法》（国办函〔2020〕109号）的规定，本机关按$fee_method收取信息处理费：$fee_detail，"
        "合计人民币$amount元。请于$pay_by前缴纳；逾期未缴纳的，视为放弃申请，本机关不再处理该政府信息公开申请。"
        "收费期间不计算在答复期限内。")),
    "reply": ("政府信息公开申请答复告知书", (
        "$applicant：\n"
        "本机关于$received收到您（单位）提出的政府信息公开申请（编号：$number），申请获取“$title”。"
        "经审查，现答复如下：\n$decision\n$reasons_paragraph$withheld_paragraph$access_paragraph"
        "依据：$basis。\n" + REMEDIES)),
    "closure_no_supplement": ("不再处理政府信息公开申请告知书", (
        "$applicant：\n"
        "本机关于$supplement_requested向您（单位）发出补正申请告知书（编号：$number），要求于$supplement_due前补正。"
        "您未在期限内补正，根据《中华人民共和国政府信息公开条例》第三十条的规定，视为放弃申请，本机关不再处理该政府信息公开申请。\n"
        + REMEDIES)),
    "closure_fee_unpaid": ("不再处理政府信息公开申请告知书", (
        "$applicant：\n"
        "本机关于$fee_issued向您（单位）发出收费通知书（编号：$number），要求于$pay_by前缴纳信息处理费。"
        "您未在期限内缴纳，根据《政府信息公开信息处理费管理办法》的规定，视为放弃申请，本机关不再处理该政府信息公开申请。\n"
        + REMEDIES)),
    "withdrawal": ("撤回申请确认书", (
        "$applicant：\n"
        "您（单位）于$withdrawn_on撤回了政府信息公开申请（编号：$number，所需信息：“$title”），本机关对该申请终止办理。")),
}

# What the reply letter says for each outcome group (条例第36–39条).
DECISIONS = {
    "granted": "您申请获取的政府信息属于公开范围，本机关予以公开。",
    "partial": "您申请获取的政府信息中，部分内容属于不予公开的范围，本机关对可以公开的部分予以公开。",
    "denied": "您申请获取的政府信息属于不予公开的范围，本机关不予公开。",
    "unable": "本机关无法提供您申请获取的政府信息。",
    "np": "对您的申请，本机关不予处理。",
    "other": "对您的申请，本机关作如下处理。",
}

DEFAULT_BASIS = {
    "granted": "《中华人民共和国政府信息公开条例》第三十六条第（二）项",
    "partial": "《中华人民共和国政府信息公开条例》第三十七条",
    "denied_state_secret": "《中华人民共和国政府信息公开条例》第十四条",
    "denied_law_prohibited": "《中华人民共和国政府信息公开条例》第十四条",
    "denied_security": "《中华人民共和国政府信息公开条例》第十四条",
    "denied_third_party": "《中华人民共和国政府信息公开条例》第十五条、第三十二条",
    "denied_internal": "《中华人民共和国政府信息公开条例》第十六条第一款",
    "denied_process": "《中华人民共和国政府信息公开条例》第十六条第二款",
    "denied_enforcement_file": "《中华人民共和国政府信息公开条例》第十六条第二款",
    "denied_admin_query": "《中华人民共和国政府信息公开条例》第三十六条第（七）项",
    "unable_not_held": "《中华人民共和国政府信息公开条例》第三十六条第（四）项",
    "unable_needs_creation": "《中华人民共和国政府信息公开条例》第三十八条",
    "unable_still_unclear": "《中华人民共和国政府信息公开条例》第三十条",
    "np_petition": "《中华人民共和国政府信息公开条例》第三十九条第一款",
    "np_repeat": "《中华人民共和国政府信息公开条例》第三十六条第（六）项",
    "np_publication": "《中华人民共和国政府信息公开条例》第三十九条第二款",
    "np_mass_repeat": "《中华人民共和国政府信息公开条例》第三十五条",
    "np_confirm_reissue": "《中华人民共和国政府信息公开条例》第三十九条",
    "other_misc": "《中华人民共和国政府信息公开条例》",
}
