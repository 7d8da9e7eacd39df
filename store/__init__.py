"""督办台的数据层：记录、规则、日期与存储。纯 Python，不依赖 Textual 或 Word。"""
