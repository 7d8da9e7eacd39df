"""督办台的终端界面（Textual）。只组合 store 与 docx_templates，不含业务规则。"""
